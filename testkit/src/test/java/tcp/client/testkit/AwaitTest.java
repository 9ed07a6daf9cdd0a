package tcp.client.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Await. */
@Timeout(30)
class AwaitTest {

    @Test
    void returnsAsSoonAsTheConditionHolds() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        assertTrue(Await.until(Duration.ofSeconds(10), () -> asked.incrementAndGet() == 3));
        assertTrue(asked.get() == 3, "asked " + asked.get() + " times");
    }

    @Test
    void givesUpAtTheDeadline() throws Exception {
        long start = System.nanoTime();
        assertFalse(Await.until(Duration.ofMillis(50), () -> false));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 50 && elapsedMs < 5_000, "gave up after " + elapsedMs + " ms");
    }

    @Test
    void asksOnceEvenWithNoTimeLeft() throws Exception {
        assertTrue(Await.until(Duration.ZERO, () -> true));
    }

    @Test
    void anInterruptEndsTheWait() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () -> Await.until(Duration.ofSeconds(10), () -> false));
        } finally {
            Thread.interrupted();
        }
    }
}
