package tcp.client.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting, within a deadline, for a condition that another thread makes true: a pool's counter, a
 * server's connection count, a cleared reference. The condition is polled every 5 ms at most, so
 * a wait ends soon after the condition holds and never later than its deadline.
 *
 * <pre>{@code
 * assertTrue(Await.until(Duration.ofSeconds(10), () -> pool.stats().idle() == 2), pool.stats().toString());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    /**
     * Polls {@code condition} until it holds or {@code wait} passes. The condition is always
     * asked at least once, and once more after the last pause before the deadline.
     *
     * @param wait how long to wait at most
     * @param condition what to wait for; asked on the calling thread
     * @return true if the condition held, false if the deadline passed first
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static boolean until(Duration wait, BooleanSupplier condition) throws InterruptedException {
        Objects.requireNonNull(wait, "wait");
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(POLL_NANOS, remaining));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while polling");
            }
        }
        return true;
    }
}
