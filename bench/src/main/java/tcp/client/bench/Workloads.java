package tcp.client.bench;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One measurement of one side at a time. Every loop is bounded in count and in time: a watchdog
 * closes the connection under a measurement that overruns {@link Settings#limit()}, which makes
 * its blocked call fail, and loops also stop at that deadline.
 */
final class Workloads implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Workloads.class.getName());
    private static final int DRAIN_LIMIT = 1 << 20;
    private static final long SETTLE_NANOS = 200_000;

    private final Duration limit;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final byte[] payload = new byte[Settings.LARGE_WRITE];

    Workloads(Duration limit) {
        this.limit = limit;
        new Random(42).nextBytes(payload);
    }

    /** Latency percentiles of one measurement, in microseconds. */
    record Latency(double p50, double p99, int samples) {
    }

    /**
     * Sends {@code total} bytes in writes of {@code writeSize} to a {@link LoopbackServer.Mode#SINK}
     * server and waits for its one-byte answer that all arrived.
     *
     * @return MB/s (10^6 bytes per second), from the first write to the answer
     */
    @SuppressWarnings("try") // the guard is only closed, never referenced
    double throughput(Side side, InetSocketAddress sink, long total, int writeSize) throws IOException {
        Side.Dialer dialer = side.dialer(sink, false);
        try (Endpoint e = dialer.connect(); Closeable guard = guard(e)) {
            e.write(ByteBuffer.allocate(Long.BYTES).putLong(total).array(), 0, Long.BYTES);
            long deadline = System.nanoTime() + limit.toNanos();
            long start = System.nanoTime();
            long sent = 0;
            for (long i = 0; sent < total; i++) {
                int n = (int) Math.min(writeSize, total - sent);
                e.write(payload, 0, n);
                sent += n;
                if ((i & 255) == 0 && System.nanoTime() > deadline) {
                    throw new IOException("throughput measurement overran " + limit + " after " + sent + " bytes");
                }
            }
            byte[] ack = new byte[1];
            e.readFully(ack, 0, 1);
            long elapsed = System.nanoTime() - start;
            return total / (elapsed / 1e9) / 1e6;
        }
    }

    /**
     * Ping-pong of {@link Settings#ECHO_SIZE} bytes with an {@link LoopbackServer.Mode#ECHO} server
     * on one connection: {@code warmup} round trips, then {@code count} timed ones.
     */
    @SuppressWarnings("try") // the guard is only closed, never referenced
    Latency echo(Side side, InetSocketAddress echo, int warmup, int count) throws IOException {
        Side.Dialer dialer = side.dialer(echo, false);
        long[] samples = new long[count];
        int n = 0;
        try (Endpoint e = dialer.connect(); Closeable guard = guard(e)) {
            byte[] ping = new byte[Settings.ECHO_SIZE];
            byte[] pong = new byte[Settings.ECHO_SIZE];
            System.arraycopy(payload, 0, ping, 0, ping.length);
            long deadline = System.nanoTime() + limit.toNanos();
            for (int i = 0; i < warmup && System.nanoTime() < deadline; i++) {
                e.write(ping, 0, ping.length);
                e.readFully(pong, 0, pong.length);
            }
            while (n < count) {
                long start = System.nanoTime();
                if (start > deadline) {
                    break;
                }
                e.write(ping, 0, ping.length);
                e.readFully(pong, 0, pong.length);
                samples[n++] = System.nanoTime() - start;
            }
        }
        return latency(samples, n);
    }

    /**
     * {@code count} connects to a {@link LoopbackServer.Mode#CLOSE} server, each timed from before
     * the socket exists until {@code connect} returns (with TLS: after the handshake). The server
     * closes first, so the client's ports do not pile up in TIME_WAIT.
     *
     * @param freshTls whether each TLS connect starts from a new context (a full handshake)
     */
    @SuppressWarnings("try") // the guard is only closed, never referenced
    Latency connects(Side side, InetSocketAddress server, int count, boolean freshTls) throws IOException {
        long[] samples = new long[count];
        int n = 0;
        long deadline = System.nanoTime() + limit.toNanos();
        while (n < count && System.nanoTime() < deadline) {
            Side.Dialer dialer = side.dialer(server, freshTls);
            long start = System.nanoTime();
            Endpoint e = dialer.connect();
            samples[n++] = System.nanoTime() - start;
            try (e; Closeable guard = guard(e)) {
                e.drain(DRAIN_LIMIT);
            } catch (IOException ending) {
                // How the peer's close is seen (end of stream, a reset, an alert) is not measured.
                LOG.log(Level.DEBUG, "connection end after a connect", ending);
            }
            // Let the server's thread finish with the old connection before the next is timed.
            LockSupport.parkNanos(SETTLE_NANOS);
        }
        return latency(samples, n);
    }

    /** The negotiated TLS of one connection of {@code side}, or "plain". */
    String negotiated(Side side, InetSocketAddress server) throws IOException {
        Side.Dialer dialer = side.dialer(server, true);
        try (Endpoint e = dialer.connect()) {
            return e.tls().orElse("plain");
        }
    }

    private static Latency latency(long[] samples, int n) {
        if (n == 0) {
            throw new IllegalStateException("no sample within the time limit");
        }
        return new Latency(Stats.percentile(samples, n, 50) / 1e3, Stats.percentile(samples, n, 99) / 1e3, n);
    }

    /** The time after which any one measurement stops early. */
    Duration limit() {
        return limit;
    }

    /**
     * Closes {@code endpoint} (an {@link Endpoint}, a client, a pool) if the measurement is still
     * running after the limit.
     */
    Closeable guard(Closeable endpoint) {
        ScheduledFuture<?> timer = watchdog.schedule(() -> {
            try {
                endpoint.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing an overrunning measurement's connection failed", e);
            }
        }, limit.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        return () -> timer.cancel(false);
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
