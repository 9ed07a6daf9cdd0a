package tcp.client.api.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One daemon timer thread shared by every client, for deadlines that no blocking call enforces by
 * itself (the total connect budget, a bounded close). The thread ends after a few idle seconds, so
 * an idle JVM keeps no thread of ours.
 */
public final class Watchdog {
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
        timer.setKeepAliveTime(3, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    /**
     * Runs {@code task} after {@code nanos}, unless the returned future is cancelled first.
     */
    public static ScheduledFuture<?> schedule(Runnable task, long nanos) {
        return TIMER.schedule(task, Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
}
