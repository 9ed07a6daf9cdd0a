package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class WatchdogTest {
    private static final long MS = 1_000_000L;

    @Test
    void aNearDeadlineRunsOnTime() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        Watchdog.deadline(ran::countDown, 100 * MS);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        long tookMs = (System.nanoTime() - start) / MS;
        assertTrue(tookMs >= 100 && tookMs < 1_000, "ran after " + tookMs + " ms");
    }

    @Test
    void aFarDeadlineWaitsForTheHeartbeatAndStillRunsOnTime() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        Watchdog.deadline(ran::countDown, 3_200 * MS);
        assertFalse(ran.await(2_900, TimeUnit.MILLISECONDS), "ran before its time");
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        long tookMs = (System.nanoTime() - start) / MS;
        assertTrue(tookMs >= 3_200 && tookMs < 4_200, "ran after " + tookMs + " ms");
    }

    @Test
    void cancelledDeadlinesNeverRun() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Watchdog.Deadline near = Watchdog.deadline(runs::incrementAndGet, 200 * MS);
        Watchdog.Deadline far = Watchdog.deadline(runs::incrementAndGet, 3_000 * MS);
        Watchdog.Deadline farLate = Watchdog.deadline(runs::incrementAndGet, 3_200 * MS);
        near.cancel();
        far.cancel();
        // Cancelled after the heartbeat handed it to the timer: the timer runs its tasks in the
        // order they are due, and a heartbeat is due within a second.
        CountDownLatch pastHeartbeat = new CountDownLatch(1);
        Watchdog.deadline(pastHeartbeat::countDown, 1_200 * MS);
        assertTrue(pastHeartbeat.await(5, TimeUnit.SECONDS));
        farLate.cancel();
        CountDownLatch after = new CountDownLatch(1);
        Watchdog.deadline(after::countDown, 3_600 * MS);
        assertTrue(after.await(5, TimeUnit.SECONDS));
        assertTrue(runs.get() == 0, runs.get() + " cancelled deadlines ran");
    }

    @Test
    void farDeadlinesAmongManyCancelledOnesStillRun() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(3);
        AtomicInteger cancelledRuns = new AtomicInteger();
        Watchdog.deadline(ran::countDown, 3_000 * MS);
        for (int i = 0; i < 10_000; i++) {
            Watchdog.deadline(cancelledRuns::incrementAndGet, 3_000 * MS).cancel();
            if (i == 5_000) {
                Watchdog.deadline(ran::countDown, 3_000 * MS);
            }
        }
        Watchdog.deadline(ran::countDown, 3_000 * MS);
        assertTrue(ran.await(6, TimeUnit.SECONDS));
        assertTrue(cancelledRuns.get() == 0, cancelledRuns.get() + " cancelled deadlines ran");
    }

    @Test
    void aDeadlineRunsAtMostOnce() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Watchdog.Deadline d = Watchdog.deadline(runs::incrementAndGet, 0);
        CountDownLatch after = new CountDownLatch(1);
        Watchdog.deadline(after::countDown, 50 * MS);
        assertTrue(after.await(5, TimeUnit.SECONDS));
        d.run();
        d.cancel();
        assertTrue(runs.get() == 1, "ran " + runs.get() + " times");
    }
}
