package tcp.client.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code virtual_thread_readers}: many connected clients, each read by its own virtual thread
 * blocked in {@code read}; the {@link HoldServer} (another JVM) then writes one message to every
 * connection, and the measurement is the time from that command until every virtual thread has read
 * its message. Needs Java 21 or later; the virtual thread factory is found by reflection, so the
 * module still compiles with {@code --release 17}.
 */
final class VirtualReaders {
    static final int MESSAGE = Settings.ECHO_SIZE;
    private static final String PINNED = "jdk.VirtualThreadPinned";

    private VirtualReaders() {
    }

    /** Whether this JVM has virtual threads (Java 21+). */
    static boolean supported() {
        return Runtime.version().feature() >= 21;
    }

    /** {@code Thread.ofVirtual().factory()}, through reflection (the module compiles for Java 17). */
    static ThreadFactory virtualFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no virtual threads in this JVM (" + Runtime.version() + ")", e);
        }
    }

    /**
     * One measurement.
     *
     * @param millis from the broadcast command to the last virtual thread's read
     * @param platformThreads the most live platform threads seen while the readers were blocked and
     *     while they read (ThreadMXBean counts platform threads only), the sampling thread included
     * @param pinned {@code jdk.VirtualThreadPinned} events (no threshold) recorded meanwhile
     * @param read how many readers got their message in time
     */
    record Result(double millis, int platformThreads, long pinned, int read) {
        double[] values() {
            return new double[] {millis, platformThreads, pinned, read};
        }
    }

    /** Connects {@code n} clients of {@code side} to {@code probe}'s server and measures once. */
    static Result measure(HeapProbe probe, Side side, int n, long limitMillis) throws IOException {
        ThreadFactory factory = virtualFactory();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Endpoint> clients = new ArrayList<>(n);
        List<Thread> readers = new ArrayList<>(n);
        Path jfr = Files.createTempFile("bench-pinned", ".jfr");
        AtomicInteger maxPlatform = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Recording recording = new Recording()) {
            recording.enable(PINNED).withoutThreshold().withStackTrace();
            for (int i = 0; i < n; i++) {
                clients.add(side.dialer(probe.address(), false).connect());
            }
            recording.start();
            CountDownLatch started = new CountDownLatch(n);
            CountDownLatch done = new CountDownLatch(n);
            AtomicInteger read = new AtomicInteger();
            for (Endpoint e : clients) {
                Thread t = factory.newThread(() -> {
                    byte[] message = new byte[MESSAGE];
                    started.countDown();
                    try {
                        e.readFully(message, 0, message.length);
                        read.incrementAndGet();
                    } catch (IOException | RuntimeException ex) {
                        failure.compareAndSet(null, ex);
                    } finally {
                        done.countDown();
                    }
                });
                readers.add(t);
                t.start();
            }
            if (!started.await(limitMillis, TimeUnit.MILLISECONDS)) {
                throw new IOException("the readers did not all start within " + limitMillis + " ms");
            }
            // Time for each reader to reach its blocked read.
            TimeUnit.MILLISECONDS.sleep(300);
            maxPlatform.set(threads.getThreadCount());
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxPlatform.accumulateAndGet(threads.getThreadCount(), Math::max);
                    try {
                        TimeUnit.MILLISECONDS.sleep(2);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }, "bench-thread-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            String answer = probe.command("broadcast " + MESSAGE);
            boolean all = done.await(limitMillis, TimeUnit.MILLISECONDS);
            long took = System.nanoTime() - start;
            sampler.interrupt();
            sampler.join(1_000);
            recording.stop();
            recording.dump(jfr);
            if (!answer.equals("BROADCAST " + n)) {
                throw new IOException("the server wrote to fewer connections than " + n + ": " + answer);
            }
            if (!all || failure.get() != null) {
                throw new IOException("only " + read.get() + " of " + n + " readers got the message within "
                        + limitMillis + " ms", failure.get());
            }
            long pinned = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
                if (event.getEventType().getName().equals(PINNED)) {
                    pinned++;
                }
            }
            return new Result(took / 1e6, maxPlatform.get(), pinned, read.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            probe.command("drop");
            for (Endpoint e : clients) {
                try {
                    e.close();
                } catch (IOException ending) {
                    // Closing after the server dropped: nothing to measure.
                }
            }
            for (Thread t : readers) {
                try {
                    t.join(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Files.deleteIfExists(jfr);
        }
    }
}
