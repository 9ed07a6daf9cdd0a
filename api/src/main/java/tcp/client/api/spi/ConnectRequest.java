package tcp.client.api.spi;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tcp.client.api.TlsConfig;
import tcp.client.api.internal.Address;
import tcp.client.api.internal.ServerIdentity;
import tcp.client.api.internal.Watchdog;

/**
 * One connect attempt, as the client hands it to {@link Transport#open}: the target, the TLS
 * settings, the time left, and the means to abort it.
 *
 * <p>An attempt ends in one of three ways besides success: it times out (its budget is spent), it
 * is {@linkplain #cancel() cancelled} (by {@code connectAsync(...).cancel(true)}), or the calling
 * thread is interrupted. Resources registered with {@link #guard} are closed the moment the
 * attempt is timed out or cancelled, which makes any blocking call on them fail at once; an
 * interrupt reaches them through the interruptible channels they are built on.
 *
 * <p>Thread-safe. A request is used for one attempt and then {@linkplain #close() closed}.
 */
public final class ConnectRequest implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConnectRequest.class.getName());

    private final Address address;
    private final TlsConfig tls;
    private final String serverName;
    private final Duration timeout;
    private final long deadline;
    private final List<Closeable> guarded = new ArrayList<>(2);
    private final Watchdog.Deadline timer;
    private State state = State.RUNNING;

    private enum State { RUNNING, TIMED_OUT, CANCELLED, CLOSED }

    private ConnectRequest(Address address, Duration timeout, TlsConfig tls, String serverName) {
        this.address = address;
        this.tls = tls;
        this.serverName = serverName == null ? "" : serverName;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + saturatedNanos(timeout);
        this.timer = Watchdog.deadline(this::timeOut, saturatedNanos(timeout));
    }

    /**
     * Starts an attempt; its budget starts running now.
     *
     * @param address the target as {@code host:port}, checked as {@code ClientTCP.create} does
     * @param timeout the whole budget: name lookup, TCP connect and TLS handshake; positive
     * @param tls the TLS settings, or null for plain TCP
     * @param serverName the name to verify and send as SNI; null or empty means the address's host
     * @throws tcp.client.api.InvalidAddressException if the address is malformed
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public static ConnectRequest start(String address, Duration timeout, TlsConfig tls, String serverName) {
        Address parsed = Address.parse(address);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + timeout);
        }
        return new ConnectRequest(parsed, timeout, tls, serverName);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** The host as written in the address, without brackets; empty for {@code ":8080"}. */
    public String host() {
        return address.host();
    }

    /** The port, 0 to 65535. */
    public int port() {
        return address.port();
    }

    /** The target as {@code host:port}, IPv6 hosts in brackets. */
    public String target() {
        return address.toString();
    }

    /**
     * Resolves the host: an empty or wildcard host gives the loopback address, a literal is used
     * as it is, a name is looked up (every address, in the resolver's order).
     *
     * @throws UnknownHostException if the name does not resolve
     */
    public List<InetAddress> resolve() throws UnknownHostException {
        return address.resolve();
    }

    /** The TLS settings, empty for plain TCP. */
    public Optional<TlsConfig> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * The name the server's certificate must match: the server name given with the TLS settings,
     * else the address's host. Empty when neither names one, which a TLS transport must refuse.
     */
    public String peerName() {
        return serverName.isEmpty() ? address.host() : serverName;
    }

    /**
     * The host name to send as SNI: the {@linkplain #peerName() peer name} unless it is an IP
     * literal, for which no SNI is sent.
     */
    public Optional<String> sniHostName() {
        String name = peerName();
        return name.isEmpty() || ServerIdentity.isIpLiteral(name) ? Optional.empty() : Optional.of(name);
    }

    /** The whole budget this attempt started with. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The time left.
     *
     * @throws SocketTimeoutException if none is left
     */
    public Duration remaining() throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(null);
        }
        return Duration.ofNanos(left);
    }

    /**
     * The exception for this attempt's budget running out, naming the target and the budget.
     *
     * @param cause what the running out interrupted (such as the channel closed under a blocked
     *     connect), or null
     */
    public SocketTimeoutException timedOut(Throwable cause) {
        SocketTimeoutException e = new SocketTimeoutException("connect to " + target() + " timed out after "
                + timeout.toMillis() + " ms");
        e.initCause(cause);
        return e;
    }

    /** The time left in whole milliseconds, at least 1, for APIs that take an {@code int}. */
    public int remainingMillis() throws SocketTimeoutException {
        long ms = (remaining().toNanos() + 999_999) / 1_000_000;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ms));
    }

    /**
     * Registers a resource to be closed if the attempt times out or is cancelled before it is
     * {@linkplain #release released}.
     *
     * @return the resource
     * @throws IOException if the attempt has already ended; the resource is then closed
     */
    public <T extends Closeable> T guard(T resource) throws IOException {
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
    public synchronized void release(Closeable resource) {
        guarded.remove(resource);
    }

    /**
     * Aborts the attempt: closes every guarded resource, so that the transport's blocking call
     * fails at once. Idempotent; does nothing once the attempt has ended otherwise.
     *
     * @return true if this call ended the attempt, false if it had already ended (succeeded,
     *     failed, timed out or was cancelled before)
     */
    public boolean cancel() {
        return end(State.CANCELLED);
    }

    /** Whether {@link #cancel()} aborted this attempt. */
    public synchronized boolean isCancelled() {
        return state == State.CANCELLED;
    }

    /** Whether the budget ran out before the attempt ended. */
    public synchronized boolean isTimedOut() {
        return state == State.TIMED_OUT;
    }

    /**
     * Checks that the attempt may go on.
     *
     * @throws IOException a {@code SocketTimeoutException} once timed out, an
     *     {@code InterruptedIOException} once cancelled
     */
    public void checkRunning() throws IOException {
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
     * this, {@link #cancel()} does nothing: check {@link #isCancelled()} and
     * {@link #isTimedOut()} to learn whether the attempt ended that way first.
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

    private void timeOut() {
        end(State.TIMED_OUT);
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
            case TIMED_OUT -> timedOut(null);
            case CANCELLED -> new java.io.InterruptedIOException("connect cancelled");
            default -> new IOException("connect attempt already ended");
        };
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // Closing what an aborted attempt opened: the abort itself is what gets reported.
            LOG.log(Level.DEBUG, "closing an aborted connect attempt's resource failed", e);
        }
    }
}
