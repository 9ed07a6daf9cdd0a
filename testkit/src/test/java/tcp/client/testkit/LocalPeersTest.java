package tcp.client.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blackhole, DeadPort and Fds. */
@Timeout(30)
class LocalPeersTest {

    @Test
    void blackholeMakesAConnectWith300msTimeoutTimeOut() throws Exception {
        try (Blackhole hole = Blackhole.open()) {
            assertEquals("127.0.0.1:" + hole.port(), hole.address());
            long start = System.nanoTime();
            try (Socket socket = new Socket()) {
                assertThrows(SocketTimeoutException.class, () -> socket.connect(hole.socketAddress(), 300));
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 250 && elapsedMs < 1500, "timed out after " + elapsedMs + " ms");
        }
    }

    @Test
    void deadPortRefuses() {
        DeadPort dead = DeadPort.reserve();
        assertEquals("127.0.0.1:" + dead.port(), dead.address());
        assertThrows(ConnectException.class, () -> new Socket().connect(dead.socketAddress(), 1000));
    }

    @Test
    void fdsCountsDescriptorsAndThreads() throws Exception {
        long before = Fds.openFileDescriptors();
        if (before >= 0) {
            try (Socket socket = new Socket()) {
                socket.bind(null);
                assertTrue(Fds.openFileDescriptors() > before);
            }
            assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, before, Duration.ofSeconds(2)));
        }
        assertTrue(Fds.liveThreads() > 0);
    }

    @Test
    void awaitAtMostGivesUpAtTheDeadline() {
        AtomicLong counter = new AtomicLong(10);
        assertFalse(Fds.awaitAtMost(counter::get, 5, Duration.ofMillis(50)));
        counter.set(5);
        assertTrue(Fds.awaitAtMost(counter::get, 5, Duration.ofMillis(50)));
    }
}
