package tcp.client.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Counters for leak tests: open file descriptors and live threads, and a bounded poll to wait for
 * a counter to come back down.
 *
 * <pre>{@code
 * long before = Fds.openFileDescriptors();
 * // ... 5,000 connect/close cycles ...
 * assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, before + 5, Duration.ofSeconds(5)));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Fds {

    private static final Path PROC_FDS = Path.of("/proc/self/fd");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Fds() {
    }

    /**
     * The number of file descriptors this process has open, from {@code /proc/self/fd}, not counting
     * the one used to list that directory.
     *
     * @return the count, or -1 where {@code /proc/self/fd} does not exist (not Linux)
     * @throws UncheckedIOException if the directory exists but cannot be listed
     */
    public static long openFileDescriptors() {
        if (!Files.isDirectory(PROC_FDS)) {
            return -1;
        }
        try (Stream<Path> entries = Files.list(PROC_FDS)) {
            return entries.count() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + PROC_FDS, e);
        }
    }

    /**
     * The number of sockets this process has open, from {@code /proc/self/fd}: the descriptors a
     * socket leak shows in, without the jar files and pipes that class loading and the JVM open
     * lazily.
     *
     * @return the count, or -1 where {@code /proc/self/fd} does not exist (not Linux)
     * @throws UncheckedIOException if the directory exists but cannot be listed
     */
    public static long openSockets() {
        if (!Files.isDirectory(PROC_FDS)) {
            return -1;
        }
        try (Stream<Path> entries = Files.list(PROC_FDS)) {
            return entries.filter(Fds::isSocket).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + PROC_FDS, e);
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException closedMeanwhile) {
            // The descriptor was closed between the listing and this look: it is no open socket.
            return false;
        }
    }

    /**
     * The number of live threads in this JVM, daemon threads included.
     *
     * @return the count
     */
    public static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Polls {@code counter} every 10 ms until it is at most {@code limit}, for at most {@code max}.
     *
     * @param counter e.g. {@code Fds::openFileDescriptors}
     * @param limit the value to get down to
     * @param max how long to poll at most
     * @return true as soon as the counter is at most {@code limit}; false if it still is not at
     *     the deadline
     * @throws IllegalStateException if the calling thread is interrupted (its flag is kept)
     */
    public static boolean awaitAtMost(LongSupplier counter, long limit, Duration max) {
        Objects.requireNonNull(counter, "counter");
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (counter.getAsLong() <= limit) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(POLL_NANOS, remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a counter to reach " + limit, e);
            }
        }
    }
}
