package tcp.client.api.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One daemon timer thread shared by every client, for deadlines that no blocking call enforces by
 * itself (the total connect budget, a bounded close). The thread exists only while there is work:
 * it is started by the first deadline and ends {@value #IDLE_SECONDS} seconds after the last one
 * ran or was cancelled.
 *
 * <p>While far deadlines are waiting, a heartbeat task runs every second. It keeps a near deadline
 * at the head of the timer's queue, so that scheduling a far one does not wake the timer thread:
 * measured, that wakeup was a third of a loopback connect's cost. It also admits the far
 * {@linkplain #deadline deadlines} (every connect has one, usually 30 s away, and nearly every
 * connect ends long before it): those wait in a lock-free queue, which costs a connect one
 * enqueue and a volatile write instead of an insertion into the timer's queue and a removal from
 * it, and the heartbeat hands the ones still running to the timer, which then runs them on time.
 * The heartbeat stops once that queue is empty and starts again with the next far deadline.
 */
public final class Watchdog {
    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());
    /** A compile-time constant, so that it is set before {@link #TIMER} is built. */
    private static final long HEARTBEAT_NANOS = 1_000_000_000L;
    /**
     * Deadlines at least this far away wait for a heartbeat (the next is at most one period away),
     * so that they reach the timer with time to spare.
     */
    private static final long PARK_FROM_NANOS = 3 * HEARTBEAT_NANOS;
    /** How long the timer thread outlives its last task. */
    static final int IDLE_SECONDS = 2;
    private static final ConcurrentLinkedQueue<Deadline> PARKED = new ConcurrentLinkedQueue<>();
    /** Whether a heartbeat is scheduled; set by whoever schedules it. */
    private static final AtomicBoolean BEATING = new AtomicBoolean();
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
        timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    /**
     * Runs {@code task} after {@code nanos}, unless the returned future is cancelled first.
     */
    public static ScheduledFuture<?> schedule(Runnable task, long nanos) {
        return TIMER.schedule(task, Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code task} on the timer thread after {@code nanos}, unless {@link Deadline#cancel()}
     * is called first; like {@link #schedule}, but cheaper for a deadline that is usually
     * cancelled long before it is due.
     */
    public static Deadline deadline(Runnable task, long nanos) {
        // At most about 73 years, so that the due time cannot overflow.
        long delay = Math.min(Math.max(0, nanos), Long.MAX_VALUE / 4);
        Deadline deadline = new Deadline(task, System.nanoTime() + delay);
        if (delay < PARK_FROM_NANOS) {
            deadline.admit(delay);
            return deadline;
        }
        PARKED.offer(deadline);
        if (!BEATING.get() && BEATING.compareAndSet(false, true)) {
            TIMER.schedule(Watchdog::heartbeat, HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
        }
        // One step of clean-up per new deadline, so that the cancelled ones (nearly all, and
        // mostly in the order they came) do not wait for the heartbeat: the queue stays about as
        // long as the number of connects in flight. A live one goes back, to wait for the heartbeat.
        Deadline head = PARKED.poll();
        if (head != null && head.task != null) {
            PARKED.offer(head);
        }
        return deadline;
    }

    /** Admits the parked deadlines, then beats again while any are parked. */
    private static void heartbeat() {
        try {
            admitParked();
        } finally {
            if (PARKED.isEmpty()) {
                BEATING.set(false);
                // A deadline parked after the check above may have seen BEATING still set.
                if (!PARKED.isEmpty() && BEATING.compareAndSet(false, true)) {
                    TIMER.schedule(Watchdog::heartbeat, HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
                }
            } else {
                TIMER.schedule(Watchdog::heartbeat, HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * The heartbeat's work: hands the parked deadlines that are still wanted to the timer. It must not
     * throw, which would end the heartbeat: a deadline it cannot hand over now waits for the next.
     */
    private static void admitParked() {
        long now = System.nanoTime();
        List<Deadline> retry = null;
        for (Deadline d; (d = PARKED.poll()) != null; ) {
            if (d.task == null) {
                continue;
            }
            try {
                d.admit(d.due - now);
            } catch (RuntimeException | Error e) {
                if (retry == null) {
                    retry = new ArrayList<>();
                    LOG.log(Level.ERROR, "the connect timer cannot take a deadline; retrying in a second", e);
                }
                retry.add(d);
            }
        }
        if (retry != null) {
            PARKED.addAll(retry);
        }
    }

    /** A task to run at a time, on the timer thread, unless cancelled first. Thread-safe. */
    public static final class Deadline implements Runnable {
        /** Null once cancelled. */
        private volatile Runnable task;
        private final long due;
        /** Set once the timer has it. */
        private volatile ScheduledFuture<?> scheduled;

        private Deadline(Runnable task, long due) {
            this.task = task;
            this.due = due;
        }

        private void admit(long delay) {
            ScheduledFuture<?> f = TIMER.schedule(this, Math.max(0, delay), TimeUnit.NANOSECONDS);
            scheduled = f;
            // cancel() clears the task before it reads the future; this sets the future before it
            // reads the task: one of the two sees the other, and the timer lets go of it.
            if (task == null) {
                f.cancel(false);
            }
        }

        /** Cancels the task: it does not run unless it has already started. */
        public void cancel() {
            task = null;
            ScheduledFuture<?> f = scheduled;
            if (f != null) {
                f.cancel(false);
            }
        }

        /** Runs the task if it is still wanted; called by the timer. */
        @Override
        public void run() {
            Runnable t = task;
            if (t != null) {
                task = null;
                t.run();
            }
        }
    }
}
