package tcp.client.micrometer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Await;

/** What the metrics tests share: echo round trips, a bounded poll, waiting for a collection. */
final class MetricsFixture {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int MIB = 1 << 20;

    private MetricsFixture() {
    }

    /**
     * Sends {@code length} random bytes to an echo server from another thread (so that neither
     * side's socket buffer fills while the other is not reading) and reads them back.
     */
    static void echo(ClientTCP client, int length) throws Exception {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> written = writer.submit(() -> {
                client.write(data);
                return null;
            });
            byte[] echoed = client.inputStream().readNBytes(length);
            written.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(data, echoed);
        } finally {
            writer.shutdownNow();
            assertTrue(writer.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /** Polls {@code condition} until it holds or {@link #WAIT} passes; true if it held. */
    static boolean until(BooleanSupplier condition) throws InterruptedException {
        return Await.until(WAIT, condition);
    }

    /** Asks for collections until {@code ref} is cleared, at most {@link #WAIT}; true if it was. */
    static boolean collected(WeakReference<?> ref) throws InterruptedException {
        return until(() -> {
            System.gc();
            return ref.get() == null;
        });
    }
}
