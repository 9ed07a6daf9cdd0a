package tcp.client.api.internal;

import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tcp.client.api.ConnState;
import tcp.client.api.FuncError;
import tcp.client.api.FuncInfo;

/**
 * The serial callback queue of one client: events are handed to an executor, run one at a time in
 * the order they were emitted, and never on the thread that emitted them.
 *
 * <p>Lifecycle events and errors are handed to the executor at once. READ and WRITE events, which
 * a busy connection emits on every call, are queued and handed over by a shared tick at most
 * {@link #TICK_NANOS} later, together with whatever else the client queued by then (or at once,
 * ahead of a lifecycle event or error that follows them). Handing each one over by itself would
 * wake an executor thread twice per request/response round trip; measured on a loopback echo,
 * that doubled the cost of the round trip. Order is the same either way.
 *
 * <p>The queue is bounded for READ and WRITE events: beyond {@link #BOUND} queued events they are
 * dropped and counted, and the first drop is logged. Lifecycle events and errors are never
 * dropped. The callback to run is captured when the event is emitted, so a registration change
 * applies to later events only.
 */
public final class CallbackDispatcher {
    /** Queued events beyond which READ and WRITE events are dropped. */
    public static final int BOUND = 4096;
    /** The longest a READ or WRITE event waits before it is handed to the executor. */
    static final long TICK_NANOS = 1_000_000L;
    /** Events run per executor task, so one busy client cannot hold a pool thread forever. */
    private static final int BATCH = 256;
    private static final System.Logger LOG = System.getLogger(CallbackDispatcher.class.getName());
    private static final Executor DEFAULT_EXECUTOR = newDefaultExecutor();

    /** Nothing queued and no task pending. */
    private static final int IDLE = 0;
    /** Events queued, waiting for the next tick. */
    private static final int DEFERRED = 1;
    /** A drain task is with the executor, or running. */
    private static final int SCHEDULED = 2;

    /** Dispatchers whose queued events wait for the tick; one may appear more than once. */
    private static final Queue<CallbackDispatcher> WAITING = new ConcurrentLinkedQueue<>();
    /** Whether a tick is scheduled; it reschedules itself for as long as it finds work. */
    private static final AtomicBoolean TICKING = new AtomicBoolean();

    private final Executor executor;
    private final String owner;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param executor runs the callbacks, or null for the shared default pool
     * @param owner names the client in log lines
     */
    public CallbackDispatcher(Executor executor, String owner) {
        this.executor = executor == null ? DEFAULT_EXECUTOR : executor;
        this.owner = owner;
    }

    private static Executor newDefaultExecutor() {
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 3, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tcp-client-callbacks-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Queues a lifecycle event for {@code callback}; READ and WRITE may be dropped when full. */
    public void info(FuncInfo callback, SocketAddress local, SocketAddress remote, ConnState state) {
        boolean io = state == ConnState.READ || state == ConnState.WRITE;
        if (io && size.get() >= BOUND) {
            if (dropped.getAndIncrement() == 0) {
                LOG.log(Level.WARNING, "{0}: callback queue full ({1} events): dropping READ and WRITE events;"
                        + " a FuncInfo callback is slower than the I/O it observes", owner, BOUND);
            }
            return;
        }
        enqueue(() -> callback.onInfo(local, remote, state));
        if (io) {
            defer();
        } else {
            scheduleNow();
        }
    }

    /** Queues an error for {@code callback}; never dropped. */
    public void error(FuncError callback, Throwable error) {
        enqueue(() -> callback.onError(error));
        scheduleNow();
    }

    /** How many READ and WRITE events were dropped so far. */
    public long droppedEvents() {
        return dropped.get();
    }

    private void enqueue(Runnable event) {
        size.incrementAndGet();
        queue.offer(event);
    }

    /** Leaves the queued events for the next tick, unless a drain is pending already. */
    private void defer() {
        if (state.get() == IDLE && state.compareAndSet(IDLE, DEFERRED)) {
            WAITING.offer(this);
            if (!TICKING.get() && TICKING.compareAndSet(false, true)) {
                Ticker.schedule();
            }
        }
    }

    /** Hands a drain to the executor now, unless one is pending already. */
    private void scheduleNow() {
        for (;;) {
            int s = state.get();
            if (s == SCHEDULED) {
                return;
            }
            if (state.compareAndSet(s, SCHEDULED)) {
                submit();
                return;
            }
        }
    }

    /**
     * The thread of the tick, created with the first deferred event and ended when no tick has
     * been due for {@value Watchdog#IDLE_SECONDS} seconds. Not the watchdog's: a callback
     * executor may run a task in the thread that hands it over (a direct or caller-runs executor),
     * and a slow callback must not hold up the deadlines of connects.
     */
    private static final class Ticker {
        private static final ScheduledThreadPoolExecutor THREAD = newTicker();

        private static ScheduledThreadPoolExecutor newTicker() {
            ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "tcp-client-callback-tick");
                t.setDaemon(true);
                return t;
            });
            ticker.setRemoveOnCancelPolicy(true);
            // Ticks are scheduled only while dispatchers wait: the thread ends when they stop.
            ticker.setKeepAliveTime(Watchdog.IDLE_SECONDS, TimeUnit.SECONDS);
            ticker.allowCoreThreadTimeOut(true);
            return ticker;
        }

        static void schedule() {
            THREAD.schedule(CallbackDispatcher::tick, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs on the tick's thread: hands every waiting dispatcher to its executor. */
    private static void tick() {
        boolean found = false;
        try {
            for (CallbackDispatcher d; (d = WAITING.poll()) != null; ) {
                found = true;
                if (d.state.compareAndSet(DEFERRED, SCHEDULED)) {
                    d.submit();
                }
            }
        } finally {
            if (found) {
                // Still busy: tick again without waking anyone (this is the tick's thread itself).
                Ticker.schedule();
            } else {
                TICKING.set(false);
                // A dispatcher that queued itself after the poll above saw TICKING still set.
                if (!WAITING.isEmpty() && TICKING.compareAndSet(false, true)) {
                    Ticker.schedule();
                }
            }
        }
    }

    private void submit() {
        try {
            executor.execute(this::drain);
        } catch (RuntimeException e) {
            // RejectedExecutionException, or whatever else an application's executor throws.
            state.set(IDLE);
            LOG.log(Level.ERROR, owner + ": callback executor refused a task; queued callbacks wait for the next event", e);
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable event = queue.poll();
            if (event == null) {
                break;
            }
            size.decrementAndGet();
            try {
                event.run();
            } catch (Throwable t) {
                // A callback's failure is its own: log it and go on with the next event.
                LOG.log(Level.WARNING, owner + ": a callback threw; ignored", t);
            }
        }
        state.set(IDLE);
        // Events queued while this drain ran found it SCHEDULED and left them to it.
        if (!queue.isEmpty()) {
            scheduleNow();
        }
    }
}
