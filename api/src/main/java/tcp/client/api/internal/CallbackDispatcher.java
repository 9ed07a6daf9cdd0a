package tcp.client.api.internal;

import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>The queue is bounded for READ and WRITE events, which a busy connection emits without end:
 * beyond {@link #BOUND} queued events they are dropped and counted, and the first drop is logged.
 * Lifecycle events and errors are never dropped. The callback to run is captured when the event is
 * emitted, so a registration change applies to later events only.
 */
public final class CallbackDispatcher {
    /** Queued events beyond which READ and WRITE events are dropped. */
    public static final int BOUND = 4096;
    /** Events run per executor task, so one busy client cannot hold a pool thread forever. */
    private static final int BATCH = 256;
    private static final System.Logger LOG = System.getLogger(CallbackDispatcher.class.getName());
    private static final Executor DEFAULT_EXECUTOR = newDefaultExecutor();

    private final Executor executor;
    private final String owner;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
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
        if ((state == ConnState.READ || state == ConnState.WRITE) && size.get() >= BOUND) {
            if (dropped.getAndIncrement() == 0) {
                LOG.log(Level.WARNING, "{0}: callback queue full ({1} events): dropping READ and WRITE events;"
                        + " a FuncInfo callback is slower than the I/O it observes", owner, BOUND);
            }
            return;
        }
        enqueue(() -> callback.onInfo(local, remote, state));
    }

    /** Queues an error for {@code callback}; never dropped. */
    public void error(FuncError callback, Throwable error) {
        enqueue(() -> callback.onError(error));
    }

    /** How many READ and WRITE events were dropped so far. */
    public long droppedEvents() {
        return dropped.get();
    }

    private void enqueue(Runnable event) {
        size.incrementAndGet();
        queue.offer(event);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                LOG.log(Level.ERROR, owner + ": callback executor refused a task; queued callbacks wait for the next event", e);
            }
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
        scheduled.set(false);
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
