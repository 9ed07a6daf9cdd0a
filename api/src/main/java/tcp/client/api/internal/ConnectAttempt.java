package tcp.client.api.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One connect attempt's clock and abort switch: its budget, and the resources to close when it
 * ends early.
 *
 * <p>An attempt ends in one of three ways besides success: its budget runs out (it
 * {@linkplain #isExpired() expires}), it is {@linkplain #cancel() cancelled} (by
 * {@code connectAsync(...).cancel(true)}), or the calling thread is interrupted. Resources
 * registered with {@link #guard} are closed the moment the attempt expires or is cancelled, which
 * makes any blocking call on them fail at once; an interrupt reaches them through the
 * interruptible channels they are built on.
 *
 * <p>Thread-safe. An attempt is used once and then {@linkplain #close() closed}.
 */
final class ConnectAttempt implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConnectAttempt.class.getName());

    private final String target;
    private final Budget budget;
    private final long deadline;
    private final List<Closeable> guarded = new ArrayList<>(2);
    private final Watchdog.Deadline timer;
    private State state = State.RUNNING;

    private enum State { RUNNING, EXPIRED, CANCELLED, CLOSED }

    /**
     * The time a connect may take, checked once when a client is built or a connect is asked for:
     * the whole budget (name lookup, TCP connect, TLS handshake) and the cap on the handshake
     * within it.
     *
     * @param connect the whole budget; positive
     * @param handshakeCap the most the TLS handshake may take of it; positive
     */
    record Budget(Duration connect, Duration handshakeCap) {
        Budget {
            requirePositive(connect, "connect timeout");
            requirePositive(handshakeCap, "handshake timeout");
        }

        /** The builder's defaults (30 s, 10 s), shared by every client that keeps them. */
        private static final Budget DEFAULT = new Budget(Duration.ofSeconds(30), Duration.ofSeconds(10));

        /** A budget, the shared one where it equals the defaults. */
        static Budget of(Duration connect, Duration handshakeCap) {
            return DEFAULT.connect.equals(connect) && DEFAULT.handshakeCap.equals(handshakeCap)
                    ? DEFAULT : new Budget(connect, handshakeCap);
        }

        /** This budget with another connect timeout. */
        Budget withConnect(Duration timeout) {
            return timeout.equals(connect) ? this : new Budget(timeout, handshakeCap);
        }

        private static void requirePositive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
        }
    }

    private ConnectAttempt(String target, Budget budget) {
        this.target = target;
        this.budget = budget;
        long nanos = Durations.saturatedNanos(budget.connect());
        this.deadline = System.nanoTime() + nanos;
        this.timer = Watchdog.deadline(this::expire, nanos);
    }

    /**
     * Starts an attempt; its budget starts running now.
     *
     * @param target the target as {@code host:port}, for messages
     */
    static ConnectAttempt begin(String target, Budget budget) {
        return new ConnectAttempt(target, budget);
    }

    /** The target, for messages. */
    String target() {
        return target;
    }

    /**
     * The time left.
     *
     * @throws SocketTimeoutException if none is left
     */
    Duration remaining() throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timeoutException(null);
        }
        return Duration.ofNanos(left);
    }

    /**
     * The time the TLS handshake may take: the handshake cap, or what is left of the budget when
     * that is less; in whole milliseconds, at least 1, for {@code setSoTimeout}.
     *
     * @throws SocketTimeoutException if nothing is left
     */
    int handshakeMillis() throws SocketTimeoutException {
        Duration left = remaining();
        return Durations.millisAtLeastOne(left.compareTo(budget.handshakeCap()) < 0 ? left : budget.handshakeCap());
    }

    /**
     * The exception for this attempt's budget running out, naming the target and the budget.
     *
     * @param cause what the running out interrupted (such as the channel closed under a blocked
     *     connect), or null
     */
    SocketTimeoutException timeoutException(Throwable cause) {
        SocketTimeoutException e = new SocketTimeoutException("connect to " + target + " timed out after "
                + budget.connect().toMillis() + " ms");
        e.initCause(cause);
        return e;
    }

    /**
     * Registers a resource to be closed if the attempt expires or is cancelled before it is
     * {@linkplain #release released}.
     *
     * @return the resource
     * @throws IOException if the attempt has already ended; the resource is then closed
     */
    <T extends Closeable> T guard(T resource) throws IOException {
        Objects.requireNonNull(resource, "resource");
        State s;
        synchronized (this) {
            s = state;
            if (s == State.RUNNING) {
                guarded.add(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        throw endedException(s);
    }

    /** Unregisters a resource: the attempt's end no longer closes it. */
    synchronized void release(Closeable resource) {
        guarded.remove(resource);
    }

    /**
     * Aborts the attempt: closes every guarded resource, so that the blocking call under way
     * fails at once. Idempotent; does nothing once the attempt has ended otherwise.
     *
     * @return true if this call ended the attempt, false if it had already ended (succeeded,
     *     failed, expired or was cancelled before)
     */
    boolean cancel() {
        return end(State.CANCELLED);
    }

    /** Whether {@link #cancel()} aborted this attempt. */
    synchronized boolean isCancelled() {
        return state == State.CANCELLED;
    }

    /** Whether the budget ran out before the attempt ended. */
    synchronized boolean isExpired() {
        return state == State.EXPIRED;
    }

    /**
     * Checks that the attempt may go on.
     *
     * @throws IOException a {@code SocketTimeoutException} once expired, an
     *     {@code InterruptedIOException} once cancelled
     */
    void checkRunning() throws IOException {
        State s;
        synchronized (this) {
            s = state;
        }
        if (s != State.RUNNING) {
            throw endedException(s);
        }
        remaining();
    }

    /**
     * Ends the attempt and its timer; guarded resources that were not released stay open. After
     * this, {@link #cancel()} does nothing: check {@link #isCancelled()} and {@link #isExpired()}
     * to learn whether the attempt ended that way first.
     */
    @Override
    public void close() {
        timer.cancel();
        synchronized (this) {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
            guarded.clear();
        }
    }

    /** Run by the deadline timer. */
    private void expire() {
        end(State.EXPIRED);
    }

    private boolean end(State reason) {
        List<Closeable> toClose;
        synchronized (this) {
            if (state != State.RUNNING) {
                return false;
            }
            state = reason;
            toClose = new ArrayList<>(guarded);
            guarded.clear();
        }
        timer.cancel();
        for (Closeable c : toClose) {
            closeQuietly(c);
        }
        return true;
    }

    private IOException endedException(State s) {
        return switch (s) {
            case EXPIRED -> timeoutException(null);
            case CANCELLED -> new InterruptedIOException("connect to " + target + " cancelled");
            default -> new IOException("connect attempt already ended");
        };
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // Closing what a failed or aborted attempt opened: that failure is what gets reported.
            LOG.log(Level.DEBUG, "closing a failed connect attempt's resource failed", e);
        }
    }
}
