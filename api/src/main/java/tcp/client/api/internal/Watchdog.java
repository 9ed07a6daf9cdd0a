package tcp.client.api.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One daemon timer thread shared by every client, for deadlines that no blocking call enforces by
 * itself (the total connect budget, a bounded close), created at first use.
 *
 * <p>A no-op task runs every second from then on. It keeps a near deadline at the head of the
 * timer's queue, so that scheduling a far one (every connect schedules its budget, usually 30 s)
 * does not wake the timer thread: measured, that wakeup was a third of a loopback connect's cost.
 */
public final class Watchdog {
    /** A compile-time constant, so that it is set before {@link #TIMER} is built. */
    private static final long HEARTBEAT_NANOS = 1_000_000_000L;
    private static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "tcp-client-watchdog-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, factory);
        timer.setRemoveOnCancelPolicy(true);
        timer.scheduleAtFixedRate(() -> { }, HEARTBEAT_NANOS, HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
        return timer;
    }

    /**
     * Runs {@code task} after {@code nanos}, unless the returned future is cancelled first.
     */
    public static ScheduledFuture<?> schedule(Runnable task, long nanos) {
        return TIMER.schedule(task, Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
}
