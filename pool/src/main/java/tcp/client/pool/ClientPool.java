package tcp.client.pool;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tcp.client.api.ClientTCP;

/**
 * A bounded pool of connected {@link ClientTCP} clients, lent out one borrower at a time.
 *
 * <pre>{@code
 * ClientPool pool = ClientPool.builder(() -> ClientTCP.builder(address).tls(cfg, name).build())
 *     .maxSize(8)
 *     .borrowTimeout(Duration.ofSeconds(5))
 *     .build();
 * try (ClientPool.Lease lease = pool.borrow()) {   // a connected client; close() gives it back
 *     ClientTCP c = lease.client();
 *     c.write(request);
 *     ...
 *     lease.invalidate();                          // after a protocol error: closed, not pooled
 * }
 * }</pre>
 *
 * <p>The factory makes a new, unconnected client for each call; the pool connects it with
 * {@link ClientTCP#connect()} (the client's own connect timeout applies) on the borrowing thread,
 * outside the pool's lock. The pool never owns more than {@code maxSize} clients, counting those
 * being dialed; a dial that fails is thrown to the borrower that asked for it and its slot goes
 * to the next waiter. Waiters are served first come, first served.
 *
 * <p>Before an idle client is handed out, the pool checks it without blocking with
 * {@link ClientTCP#isReusable()}: the socket is polled, so a connection whose peer closed or reset
 * it while it sat idle (a server restart) is closed and replaced by a new dial for the same
 * borrower, and the restart costs no failed borrow. A client given back less than
 * {@linkplain Builder#checkIdleAfter checkIdleAfter} ago (1 ms by default) is handed out on local
 * state alone, which keeps a busy pool at a fraction of a microsecond per borrow. When a client
 * comes back the pool checks local state and unread input ({@link ClientTCP#isConnected()}, an
 * empty {@link ClientTCP#closeReason()}, {@code inputStream().available() == 0}): unread input on
 * an idle connection means it is out of step with its protocol. A client that fails a check, or
 * passed its idle timeout or maximum lifetime, is closed. A peer that drops a connection while it
 * is leased is the borrower's to see: invalidate the lease then and borrow again.
 *
 * <p>Threads: borrowing, dialing and giving back run on the caller's thread. Idle and lifetime
 * limits are enforced at borrow and return, and by a sweep on one shared daemon thread,
 * {@code tcp-client-pool-N}, which also dials the clients that keep {@code minIdle} up; that
 * thread exists only while some pool has idle clients or a {@code minIdle} to keep, and ends a few
 * seconds after the last such pool is closed or emptied.
 *
 * <p>Thread-safe: all state is behind one {@link ReentrantLock}; borrowing an idle client and
 * giving it back allocates only the {@link Lease}.
 */
public final class ClientPool implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ClientPool.class.getName());

    /** The shared sweeper; its one thread times out when no pool has a sweep queued. */
    private static final ScheduledThreadPoolExecutor SWEEPER = sweeper();

    private final Supplier<ClientTCP> factory;
    private final int maxSize;
    private final int minIdle;
    private final Duration borrowTimeout;
    private final long borrowTimeoutNanos;
    private final long idleTimeoutNanos;
    /** Long.MAX_VALUE: no maximum lifetime. */
    private final long maxLifetimeNanos;
    /** Idle at least this long: polled at borrow. */
    private final long checkIdleAfterNanos;
    /** Whether waiters are served strictly in order; see {@link Builder#fair}. */
    private final boolean fair;
    private final long sweepPeriodNanos;

    private final ReentrantLock lock = new ReentrantLock();
    /** Most recently returned first, so the least recently used are at the tail. */
    private final ArrayDeque<Entry> idle = new ArrayDeque<>();
    /** Borrowers blocked in {@link #borrow()}, oldest first. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int open;
    private int leased;
    private int dialing;
    private int backgroundDials;
    private long created;
    private long closedCount;
    private boolean shut;
    private boolean sweepQueued;
    /** The queued sweep, cancelled by close() so the sweeper thread can end sooner. */
    private ScheduledFuture<?> sweepTask;
    private boolean refillQueued;

    private ClientPool(Builder b) {
        this.factory = b.factory;
        this.maxSize = b.maxSize;
        this.minIdle = b.minIdle;
        this.borrowTimeout = b.borrowTimeout;
        this.borrowTimeoutNanos = saturatedNanos(b.borrowTimeout);
        this.idleTimeoutNanos = saturatedNanos(b.idleTimeout);
        this.maxLifetimeNanos = b.maxLifetime == null ? Long.MAX_VALUE : saturatedNanos(b.maxLifetime);
        this.checkIdleAfterNanos = saturatedNanos(b.checkIdleAfter);
        this.fair = b.fair;
        long shortest = Math.min(idleTimeoutNanos, maxLifetimeNanos);
        // Half the shortest limit, so an expired client lives at most 1.5 times its limit; not
        // more often than every 10 ms nor less often than every minute (minIdle refills).
        this.sweepPeriodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(shortest / 2, TimeUnit.MINUTES.toNanos(1)));
        if (minIdle > 0) {
            lock.lock();
            try {
                queueSweep(sweepPeriodNanos);
                queueRefill();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Starts building a pool whose clients come from {@code factory}.
     *
     * @param factory makes a new, unconnected client at each call; called on the borrowing thread
     *     or the sweeper thread
     * @throws NullPointerException if the factory is null
     */
    public static Builder builder(Supplier<ClientTCP> factory) {
        return new Builder(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Lends out a connected client: an idle one that passes the liveness check, else a new one
     * dialed on this thread if the pool has room, else the next one given back or the next free
     * slot, waiting in line behind earlier borrowers for at most the borrow timeout.
     *
     * @return the lease; close it to give the client back
     * @throws PoolTimeoutException if the borrow timeout passed, naming it and the pool's stats
     * @throws IOException whatever {@link ClientTCP#connect()} threw for the dial made for this
     *     borrower
     * @throws InterruptedIOException if the thread was interrupted while waiting (the flag stays
     *     set)
     * @throws IllegalStateException if the pool is closed, before or while waiting
     * @throws IllegalArgumentException if the factory returned a connected client
     * @throws NullPointerException if the factory returned null
     */
    public Lease borrow() throws IOException {
        Entry e = null;
        boolean fromIdle = false;
        lock.lock();
        try {
            checkOpen();
            boolean mayDial = false;
            // Fair: idle clients and free slots go to a newcomer only when nobody is in line
            // before it. Unfair: an idle client goes to whoever asks first.
            if (waiters.isEmpty() || !fair && !idle.isEmpty()) {
                e = idle.pollFirst();
                if (e != null) {
                    fromIdle = true;
                    leased++;
                    queueRefill();
                } else if (open + dialing < maxSize) {
                    dialing++;
                    mayDial = true;
                }
            }
            if (e == null && !mayDial) {
                Waiter w = awaitTurn();
                e = w.entry;
                fromIdle = w.fromIdle;
            }
        } finally {
            lock.unlock();
        }
        return e != null ? checkedOut(e, fromIdle) : dial();
    }

    /**
     * Under the lock: waits in line until a client or a slot is handed over.
     *
     * @return the waiter, holding a client or allowed to dial (counted in {@code dialing})
     */
    private Waiter awaitTurn() throws IOException {
        Waiter w = new Waiter(lock.newCondition());
        waiters.addLast(w);
        long remaining = borrowTimeoutNanos;
        try {
            while (w.entry == null && !w.mayDial) {
                if (!fair && takeIdle(w)) {
                    break;
                }
                if (shut) {
                    throw new IllegalStateException("pool closed while waiting to borrow: " + statsLocked());
                }
                if (remaining <= 0) {
                    waiters.remove(w);
                    throw new PoolTimeoutException("no pooled client within borrowTimeout " + borrowTimeout
                            + ": " + statsLocked());
                }
                remaining = w.ready.awaitNanos(remaining);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            if (w.entry == null && !w.mayDial) {
                waiters.remove(w);
                InterruptedIOException e = new InterruptedIOException("interrupted while waiting to borrow");
                e.initCause(interrupted);
                throw e;
            }
            // Handed something just as the interrupt came: take it rather than lose it.
        }
        return w;
    }

    /**
     * A client taken from the idle list, or handed over by a return: checked outside the lock,
     * replaced if dead or expired.
     */
    private Lease checkedOut(Entry e, boolean fromIdle) throws IOException {
        long now = System.nanoTime();
        // idleSince was written under the lock before the entry went idle; borrow() read the
        // entry under the same lock, so it is visible here. A handed-over one was not idle.
        long idleFor = fromIdle ? now - e.idleSince : 0;
        boolean usable = idleFor < idleTimeoutNanos && now - e.createdAt < maxLifetimeNanos
                && (idleFor >= checkIdleAfterNanos ? e.client.isReusable() : locallyUsable(e.client));
        if (usable) {
            return new Lease(e);
        }
        // Dead or expired: close it and dial a replacement in its slot, still for this borrower.
        boolean closedMeanwhile;
        lock.lock();
        try {
            leased--;
            open--;
            closedCount++;
            closedMeanwhile = shut;
            if (!closedMeanwhile) {
                dialing++;
            }
        } finally {
            lock.unlock();
        }
        closeQuietly(e.client, "an idle client that failed its check at borrow");
        if (closedMeanwhile) {
            throw new IllegalStateException("pool is closed");
        }
        return dial();
    }

    /**
     * Unfair mode, under the lock: a woken waiter takes an idle client if one is left.
     *
     * @return true if {@code w} now holds one
     */
    private boolean takeIdle(Waiter w) {
        Entry e = idle.pollFirst();
        if (e == null) {
            return false;
        }
        waiters.remove(w);
        leased++;
        w.entry = e;
        w.fromIdle = true;
        queueRefill();
        if (!idle.isEmpty()) {
            // Two clients given back in a row signal the same oldest waiter twice: pass the
            // second wake-up on.
            Waiter next = waiters.peekFirst();
            if (next != null) {
                next.ready.signal();
            }
        }
        return true;
    }

    /** Dials in a slot already counted in {@code dialing}; frees it on failure. */
    private Lease dial() throws IOException {
        ClientTCP client = null;
        try {
            client = newClient();
            client.connect();
        } catch (IOException | RuntimeException | Error failure) {
            if (client != null) {
                closeAfterFailure(client, failure);
            }
            lock.lock();
            try {
                dialing--;
                slotFreed();
            } finally {
                lock.unlock();
            }
            throw failure;
        }
        Entry e = new Entry(client, System.nanoTime());
        lock.lock();
        try {
            dialing--;
            created++;
            if (!shut) {
                open++;
                leased++;
                return new Lease(e);
            }
            closedCount++;
            slotFreed();
        } finally {
            lock.unlock();
        }
        closeQuietly(client, "a client dialed while the pool closed");
        throw new IllegalStateException("pool is closed");
    }

    private ClientTCP newClient() {
        ClientTCP client = Objects.requireNonNull(factory.get(), "factory returned null");
        if (client.isConnected()) {
            closeQuietly(client, "a connected client from the factory");
            throw new IllegalArgumentException("factory returned a connected client; it must return a new, unconnected one");
        }
        return client;
    }

    /** Gives a lease's client back, or closes it. */
    private void giveBack(Entry e, boolean invalidated) {
        boolean keep = !invalidated && System.nanoTime() - e.createdAt < maxLifetimeNanos && returnable(e.client);
        boolean closeIt;
        lock.lock();
        try {
            leased--;
            closeIt = !keep || shut;
            if (closeIt) {
                open--;
                closedCount++;
                slotFreed();
            } else {
                if (!handOver(e) && !sweepQueued) {
                    queueSweep(sweepPeriodNanos);
                }
            }
        } finally {
            lock.unlock();
        }
        if (closeIt) {
            closeQuietly(e.client, invalidated ? "an invalidated client" : "a returned client");
        }
    }

    /** Under the lock: a connection slot became free; the oldest waiter may dial in it. */
    /**
     * Gives a connected client to the oldest waiter, or else makes it idle. Under the lock.
     *
     * @return true if a waiter took it
     */
    private boolean handOver(Entry e) {
        if (!fair) {
            // Idle for whoever asks first; the oldest waiter is woken to compete for it.
            e.idleSince = System.nanoTime();
            idle.addFirst(e);
            Waiter oldest = waiters.peekFirst();
            if (oldest != null) {
                oldest.ready.signal();
            }
            return false;
        }
        Waiter w = waiters.pollFirst();
        if (w != null) {
            leased++;
            w.entry = e;
            w.ready.signal();
            return true;
        }
        e.idleSince = System.nanoTime();
        idle.addFirst(e);
        return false;
    }

    private void slotFreed() {
        Waiter w = waiters.pollFirst();
        if (w != null) {
            dialing++;
            w.mayDial = true;
            w.ready.signal();
        } else {
            queueRefill();
        }
    }

    /** Under the lock: queues a background top-up if fewer than {@code minIdle} are idle or dialing. */
    private void queueRefill() {
        if (minIdle > 0 && !shut && !refillQueued && idle.size() + backgroundDials < minIdle) {
            refillQueued = true;
            SWEEPER.execute(this::refill);
        }
    }

    /** On the sweeper thread: dials up to {@code minIdle}. */
    private void refill() {
        int toDial;
        lock.lock();
        try {
            refillQueued = false;
            toDial = refillCountLocked();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < toDial; i++) {
            dialInBackground();
        }
    }

    /** Under the lock: how many background dials to start now, counted as dialing already. */
    private int refillCountLocked() {
        if (shut) {
            return 0;
        }
        int toDial = 0;
        while (waiters.isEmpty() && idle.size() + backgroundDials + toDial < minIdle
                && open + dialing + toDial < maxSize) {
            toDial++;
        }
        dialing += toDial;
        backgroundDials += toDial;
        return toDial;
    }

    /** What the client knows without asking the kernel: connected, and nothing ended it. */
    private static boolean locallyUsable(ClientTCP c) {
        return c.isConnected() && c.closeReason().isEmpty();
    }

    /** The check when a client comes back: local state, and no unread input. */
    private static boolean returnable(ClientTCP c) {
        if (!locallyUsable(c)) {
            return false;
        }
        try {
            return c.inputStream().available() == 0;
        } catch (IOException failure) {
            LOG.log(Level.DEBUG, "available() failed on a returned client; closing it", failure);
            return false;
        }
    }

    /**
     * A snapshot of the pool's counters.
     *
     * @return counters that agree with each other
     */
    public PoolStats stats() {
        lock.lock();
        try {
            return statsLocked();
        } finally {
            lock.unlock();
        }
    }

    private PoolStats statsLocked() {
        return new PoolStats(open, idle.size(), leased, waiters.size(), created, closedCount);
    }

    /**
     * Closes the pool: idle clients at once, leased ones as they come back, dials under way when
     * they finish. Borrowers waiting in {@link #borrow()} are woken with
     * {@link IllegalStateException}. Idempotent; never throws (close failures are logged).
     */
    @Override
    public void close() {
        List<Entry> closing;
        lock.lock();
        try {
            if (shut) {
                return;
            }
            shut = true;
            if (sweepTask != null) {
                sweepTask.cancel(false);
            }
            closing = new ArrayList<>(idle);
            idle.clear();
            open -= closing.size();
            closedCount += closing.size();
            for (Waiter w : waiters) {
                w.ready.signal();
            }
            waiters.clear();
        } finally {
            lock.unlock();
        }
        for (Entry e : closing) {
            closeQuietly(e.client, "an idle client at pool close");
        }
    }

    @Override
    public String toString() {
        return "ClientPool" + stats();
    }

    private void checkOpen() {
        if (shut) {
            throw new IllegalStateException("pool is closed: " + statsLocked());
        }
    }

    /** Under the lock: queues the sweep once. */
    private void queueSweep(long delayNanos) {
        sweepQueued = true;
        sweepTask = SWEEPER.schedule(this::sweep, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** On the sweeper thread: closes expired idle clients, then dials up to {@code minIdle}. */
    private void sweep() {
        List<Entry> expired = new ArrayList<>();
        int toDial;
        lock.lock();
        try {
            sweepQueued = false;
            if (shut) {
                return;
            }
            long now = System.nanoTime();
            for (Iterator<Entry> it = idle.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (now - e.idleSince >= idleTimeoutNanos || now - e.createdAt >= maxLifetimeNanos) {
                    it.remove();
                    expired.add(e);
                }
            }
            open -= expired.size();
            closedCount += expired.size();
            toDial = refillCountLocked();
            for (int i = 0; i < expired.size(); i++) {
                slotFreedAfterSweep();
            }
        } finally {
            lock.unlock();
        }
        for (Entry e : expired) {
            closeQuietly(e.client, "an idle client past its idle timeout or lifetime");
        }
        for (int i = 0; i < toDial; i++) {
            dialInBackground();
        }
        lock.lock();
        try {
            if (!shut && !sweepQueued && (!idle.isEmpty() || minIdle > 0)) {
                queueSweep(sweepPeriodNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: like {@link #slotFreed()} but never queues another sweep from the sweep. */
    private void slotFreedAfterSweep() {
        Waiter w = waiters.pollFirst();
        if (w != null) {
            dialing++;
            w.mayDial = true;
            w.ready.signal();
        }
    }

    /** On the sweeper thread: one dial for {@code minIdle}, in a slot already counted. */
    private void dialInBackground() {
        ClientTCP client = null;
        Entry e = null;
        try {
            client = newClient();
            client.connect();
            e = new Entry(client, System.nanoTime());
        } catch (IOException | RuntimeException failure) {
            LOG.log(Level.WARNING, "pool could not dial a client to keep minIdle " + minIdle
                    + "; trying again at the next sweep", failure);
            if (client != null) {
                closeAfterFailure(client, failure);
            }
        }
        boolean closeIt = false;
        lock.lock();
        try {
            dialing--;
            backgroundDials--;
            if (e == null) {
                slotFreedAfterSweep();
            } else {
                created++;
                if (shut) {
                    closedCount++;
                    closeIt = true;
                    slotFreedAfterSweep();
                } else {
                    open++;
                    handOver(e);
                }
            }
        } finally {
            lock.unlock();
        }
        if (closeIt) {
            closeQuietly(client, "a background client dialed while the pool closed");
        }
    }

    private static void closeAfterFailure(ClientTCP client, Throwable failure) {
        try {
            client.close();
        } catch (IOException | RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    private static void closeQuietly(ClientTCP client, String what) {
        try {
            client.close();
        } catch (IOException | RuntimeException failure) {
            LOG.log(Level.DEBUG, "closing " + what + " failed", failure);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static ScheduledThreadPoolExecutor sweeper() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "tcp-client-pool-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
        executor.setKeepAliveTime(3, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** One pooled connection. */
    private static final class Entry {
        final ClientTCP client;
        final long createdAt;
        /** Guarded by the pool's lock. */
        long idleSince;

        Entry(ClientTCP client, long createdAt) {
            this.client = client;
            this.createdAt = createdAt;
        }
    }

    /** A borrower in line; fields guarded by the pool's lock. */
    private static final class Waiter {
        final Condition ready;
        /** A client handed over directly. */
        Entry entry;
        /** A slot handed over: the waiter dials in it. */
        boolean mayDial;
        /** Unfair mode: {@link #entry} was taken from the idle list. */
        boolean fromIdle;

        Waiter(Condition ready) {
            this.ready = ready;
        }
    }

    /**
     * One borrowed client. {@link #close()} gives it back (or closes it after
     * {@link #invalidate()}); it is idempotent, and every other method throws
     * {@link IllegalStateException} after it. Meant for the borrowing thread; closing from another
     * thread is safe.
     */
    public final class Lease implements AutoCloseable {
        private static final VarHandle CLOSED;

        static {
            try {
                CLOSED = MethodHandles.lookup().findVarHandle(Lease.class, "closed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Entry entry;
        private volatile boolean invalidated;
        @SuppressWarnings("unused") // through CLOSED
        private volatile boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        /**
         * The borrowed client, connected when the lease was made.
         *
         * @throws IllegalStateException if the lease is closed
         */
        public ClientTCP client() {
            checkLive();
            return entry.client;
        }

        /**
         * Marks the client as unfit for reuse (after a protocol error, say): {@link #close()}
         * then closes it instead of giving it back.
         *
         * @throws IllegalStateException if the lease is closed
         */
        public void invalidate() {
            checkLive();
            invalidated = true;
        }

        /** Gives the client back to the pool, or closes it; does nothing the second time. */
        @Override
        public void close() {
            if (CLOSED.compareAndSet(this, false, true)) {
                giveBack(entry, invalidated);
            }
        }

        private void checkLive() {
            if (closed) {
                throw new IllegalStateException("lease is closed: its client went back to the pool");
            }
        }

        @Override
        public String toString() {
            return "Lease[" + entry.client + (closed ? ", closed" : "") + "]";
        }
    }

    /**
     * Builds a {@link ClientPool}. Not thread-safe. Each setter checks its value and throws
     * {@link IllegalArgumentException} naming the setting; {@link #build()} checks them together.
     */
    public static final class Builder {
        private static final Duration DEFAULT_BORROW_TIMEOUT = Duration.ofSeconds(30);
        private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
        private static final Duration DEFAULT_CHECK_IDLE_AFTER = Duration.ofMillis(1);

        private final Supplier<ClientTCP> factory;
        private int maxSize = 8;
        private int minIdle;
        private Duration borrowTimeout = DEFAULT_BORROW_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration maxLifetime;
        private Duration checkIdleAfter = DEFAULT_CHECK_IDLE_AFTER;
        private boolean fair = true;

        private Builder(Supplier<ClientTCP> factory) {
            this.factory = factory;
        }

        /**
         * The most clients the pool owns at once, idle, leased or being dialed; default 8.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxSize(int maxSize) {
            if (maxSize < 1) {
                throw new IllegalArgumentException("maxSize must be at least 1: " + maxSize);
            }
            this.maxSize = maxSize;
            return this;
        }

        /**
         * How many idle clients the pool keeps connected in the background; default 0.
         *
         * @throws IllegalArgumentException if negative; {@link #build()} also if over maxSize
         */
        public Builder minIdle(int minIdle) {
            if (minIdle < 0) {
                throw new IllegalArgumentException("minIdle must not be negative: " + minIdle);
            }
            this.minIdle = minIdle;
            return this;
        }

        /**
         * How long {@link ClientPool#borrow()} waits for a client at most; default 30 seconds.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder borrowTimeout(Duration timeout) {
            this.borrowTimeout = positive(timeout, "borrowTimeout");
            return this;
        }

        /**
         * How long a client may stay idle before the pool closes it; default 5 minutes.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * How long after its connect a client is closed instead of reused (a leased one when it
         * comes back); default none.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxLifetime(Duration lifetime) {
            this.maxLifetime = positive(lifetime, "maxLifetime");
            return this;
        }

        /**
         * How long a client must have been idle before a borrow polls its socket
         * ({@link ClientTCP#isReusable()}, a few microseconds) rather than trusting its local
         * state; default 1 millisecond, so that a client given straight back and borrowed again is
         * not polled, while one that sat idle through a server restart is. {@link Duration#ZERO}
         * polls at every borrow of an idle client.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder checkIdleAfter(Duration idle) {
            Objects.requireNonNull(idle, "checkIdleAfter");
            if (idle.isNegative()) {
                throw new IllegalArgumentException("checkIdleAfter must not be negative: " + idle);
            }
            this.checkIdleAfter = idle;
            return this;
        }

        /**
         * Whether borrowers are served strictly first come, first served; default true. Fair, a
         * client given back goes straight to the oldest waiter, so under contention every
         * borrow waits its turn and costs a thread hand-off (on 2 cores, 32 threads sharing 8
         * clients reach about two thirds of what 8 threads with a client each do). Unfair, a
         * client given back goes idle and the oldest waiter is woken to compete for it with
         * anyone who borrows meanwhile, usually the thread that gave it back: throughput comes
         * close to dedicated clients, but a waiter can be overtaken repeatedly and its wait is
         * bounded only by the borrow timeout. Free slots for new dials are handed out in order
         * either way.
         */
        public Builder fair(boolean fair) {
            this.fair = fair;
            return this;
        }

        /**
         * Creates the pool; with {@code minIdle} above 0 it starts dialing in the background.
         *
         * @throws IllegalArgumentException if minIdle exceeds maxSize
         */
        public ClientPool build() {
            if (minIdle > maxSize) {
                throw new IllegalArgumentException("minIdle " + minIdle + " exceeds maxSize " + maxSize);
            }
            return new ClientPool(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
