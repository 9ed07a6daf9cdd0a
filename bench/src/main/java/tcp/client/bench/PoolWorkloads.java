package tcp.client.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import tcp.client.api.ClientTCP;
import tcp.client.pool.ClientPool;

/**
 * The pool rows: {@link ClientPool}'s borrow and return, alone and under 32 threads, against
 * hand-written equivalents. Bounded in count and time as {@link Workloads} is.
 */
final class PoolWorkloads {
    /** Threads sharing the pool in {@code pool_32_threads_throughput}. */
    static final int POOL_THREADS = 32;
    /** The pool's maxSize there, and the threads with a dedicated client on the other side. */
    static final int POOL_SIZE = 8;

    private static final Path THREAD_STATUS = Path.of("/proc/thread-self/status");

    private final Workloads workloads;
    private final byte[] ping = new byte[Settings.ECHO_SIZE];

    PoolWorkloads(Workloads workloads) {
        this.workloads = workloads;
        for (int i = 0; i < ping.length; i++) {
            ping[i] = (byte) i;
        }
    }

    /** Borrowing and returning one client, as timed: a borrow and the close (or give-back) of it. */
    @FunctionalInterface
    interface BorrowReturn {
        void run() throws IOException;
    }

    /** The pool's side: {@code pool.borrow()} and {@code lease.close()}. */
    static BorrowReturn pooled(ClientPool pool) {
        return () -> pool.borrow().close();
    }

    /**
     * The hand-written side: what a minimal pool of one kind of client does at least, a lock
     * around an {@link ArrayDeque} of idle clients, taken from and given back to its head.
     */
    static BorrowReturn handWritten(ClientTCP client) {
        HandPool pool = new HandPool();
        pool.giveBack(client);
        return () -> pool.giveBack(pool.borrow());
    }

    /**
     * {@code samples} borrow-and-return pairs, each timed alone with {@link System#nanoTime()}
     * (whose own cost, some 20 ns here, is in every sample on both sides), then as many again in
     * one untimed batch.
     *
     * @return the p50 and p99 of the timed pairs and the batch's mean per pair, in ns
     */
    double[] borrowReturn(BorrowReturn op, int samples) throws IOException {
        long[] timed = new long[samples];
        int n = 0;
        long deadline = System.nanoTime() + workloads.limit().toNanos();
        while (n < samples) {
            long start = System.nanoTime();
            if (start > deadline) {
                break;
            }
            op.run();
            timed[n++] = System.nanoTime() - start;
        }
        if (n == 0) {
            throw new IllegalStateException("no sample within the time limit");
        }
        long start = System.nanoTime();
        int batch = 0;
        for (; batch < n; batch++) {
            op.run();
            if ((batch & 1023) == 0 && System.nanoTime() > deadline) {
                break;
            }
        }
        double mean = (System.nanoTime() - start) / (double) Math.max(1, batch);
        return new double[] {Stats.percentile(timed, n, 50), Stats.percentile(timed, n, 99), mean};
    }

    /** One echo round trip of {@link Settings#ECHO_SIZE} bytes, on whichever client the thread holds. */
    private void roundTrip(ClientTCP client, byte[] pong) throws IOException {
        client.write(ping, 0, ping.length);
        int done = 0;
        while (done < pong.length) {
            int r = client.read(pong, done, pong.length - done);
            if (r < 0) {
                throw new EOFException("the echo server closed after " + done + " bytes");
            }
            done += r;
        }
    }

    /**
     * {@value #POOL_THREADS} threads share {@code pool} (maxSize {@value #POOL_SIZE}), each doing
     * its share of {@code roundTrips}: borrow, one echo round trip, give back.
     *
     * @param clients every client the pool's factory made, closed if the measurement overruns
     * @return round trips per second, from the start signal until the last thread finished, and
     *     the measuring threads' context switches per round trip
     */
    double[] pooledThroughput(ClientPool pool, List<ClientTCP> clients, int roundTrips)
            throws IOException, InterruptedException {
        return threads(POOL_THREADS, roundTrips, clients, (t, pong) -> {
            try (ClientPool.Lease lease = pool.borrow()) {
                roundTrip(lease.client(), pong);
            }
        });
    }

    /**
     * {@value #POOL_SIZE} threads, each with its own connected client of {@code clients}, each
     * doing its share of {@code roundTrips} echo round trips.
     *
     * @return round trips per second, from the start signal until the last thread finished
     */
    double[] dedicatedThroughput(List<ClientTCP> clients, int roundTrips) throws IOException, InterruptedException {
        return threads(clients.size(), roundTrips, clients, (t, pong) -> roundTrip(clients.get(t), pong));
    }

    /**
     * A reference point for the pooled side: {@value #POOL_THREADS} threads sharing
     * {@code clients} through an {@link ArrayBlockingQueue} ({@code take}, one round trip,
     * {@code put}); {@code fair} makes its lock fair, so a returning thread that takes again queues
     * behind the waiter its {@code put} woke, as {@link ClientPool}'s FIFO hand-over does; unfair,
     * it takes its client straight back.
     */
    double[] queueThroughput(List<ClientTCP> clients, boolean fair, int roundTrips)
            throws IOException, InterruptedException {
        ArrayBlockingQueue<ClientTCP> queue = new ArrayBlockingQueue<>(clients.size(), fair, clients);
        return threads(POOL_THREADS, roundTrips, clients, (t, pong) -> {
            ClientTCP c;
            try {
                c = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted in take()");
            }
            try {
                roundTrip(c, pong);
            } finally {
                queue.add(c);
            }
        });
    }

    @FunctionalInterface
    private interface PerThread {
        void run(int thread, byte[] pong) throws IOException;
    }

    private double[] threads(int count, int roundTrips, List<ClientTCP> clients, PerThread op)
            throws IOException, InterruptedException {
        LongAdder switches = new LongAdder();
        int each = Math.max(1, roundTrips / count);
        long limitNanos = workloads.limit().toNanos();
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] deadline = new long[1];
        Thread[] threads = new Thread[count];
        for (int t = 0; t < count; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                byte[] pong = new byte[Settings.ECHO_SIZE];
                ready.countDown();
                try {
                    go.await();
                    long before = contextSwitches();
                    for (int i = 0; i < each; i++) {
                        op.run(index, pong);
                        if (System.nanoTime() > deadline[0]) {
                            throw new IOException("pool measurement overran " + workloads.limit());
                        }
                    }
                    switches.add(contextSwitches() - before);
                } catch (IOException | RuntimeException | InterruptedException e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-pool-" + t);
            threads[t].setDaemon(true);
            threads[t].start();
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + limitNanos; // published to the threads by go.countDown()
        go.countDown();
        long joinBy = start + limitNanos + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : threads) {
            long left = joinBy - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        long elapsed = System.nanoTime() - start;
        boolean stuck = false;
        for (Thread t : threads) {
            stuck |= t.isAlive();
        }
        if (stuck) {
            // A blocked read ends when its client closes.
            for (ClientTCP c : clients) {
                c.close();
            }
            throw new IOException("pool measurement threads still running after " + workloads.limit() + " + 5 s");
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new IOException("a pool measurement thread failed: " + f, f);
        }
        double trips = (double) each * count;
        return new double[] {trips / (elapsed / 1e9), switches.sum() / trips};
    }

    /**
     * This thread's context switches so far, voluntary and not, from
     * {@code /proc/thread-self/status}; 0 where that cannot be read (not Linux).
     */
    private static long contextSwitches() {
        try {
            long n = 0;
            for (String line : Files.readAllLines(THREAD_STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                    n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The hand-written pool of {@link #handWritten}. */
    private static final class HandPool {
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<ClientTCP> idle = new ArrayDeque<>();

        ClientTCP borrow() {
            lock.lock();
            try {
                ClientTCP c = idle.pollFirst();
                if (c == null) {
                    throw new IllegalStateException("the hand-written pool is empty");
                }
                return c;
            } finally {
                lock.unlock();
            }
        }

        void giveBack(ClientTCP c) {
            lock.lock();
            try {
                idle.addFirst(c);
            } finally {
                lock.unlock();
            }
        }
    }
}
