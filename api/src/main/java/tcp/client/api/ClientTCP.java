package tcp.client.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import tcp.client.api.internal.Address;
import tcp.client.api.internal.DefaultClient;
import tcp.client.api.spi.TransportOptions;

/**
 * A TCP client with optional TLS: the Java counterpart of golib's {@code socket/client/tcp}.
 *
 * <pre>{@code
 * try (ClientTCP client = ClientTCP.create("localhost:8080")) {
 *     client.registerFuncError(errors -> log.warn("tcp error", errors[0]));
 *     client.connect(Duration.ofSeconds(5));
 *     client.write("Hello\n".getBytes(StandardCharsets.UTF_8));
 *     byte[] reply = new byte[6];
 *     client.inputStream().readNBytes(reply, 0, reply.length);
 * }
 * }</pre>
 *
 * <p>A client holds at most one connection at a time; {@code connect} replaces it, {@code close}
 * drops it, and the client can connect again. {@link #isConnected()} is local state only: it stays
 * true after the peer closes or resets, until this side closes. The transport (the TLS
 * implementation) is chosen when the client is created and never changes; see {@link Transports}.
 *
 * <p>Callbacks ({@link #registerFuncError}, {@link #registerFuncInfo}) run on the client's callback
 * executor, never on the thread doing the I/O, one at a time and in the order the events happened.
 *
 * <p>Threads: a client has none of its own, and reads, writes and {@code connect} run on the
 * caller's thread. The SDK starts shared daemon threads only for work, and each ends two or three
 * seconds after its last task, so an application that closed its last client has no SDK thread
 * left a few seconds later:
 * <ul>
 *   <li>{@code tcp-client-watchdog-N}: one, while a connect's deadline, a bounded close or a
 *       reconnection delay is pending;</li>
 *   <li>{@code tcp-client-connect-N}: one per {@link #connectAsync} under way, and one per
 *       reconnection attempt under way (the delays between attempts are only timer entries);</li>
 *   <li>{@code tcp-client-callbacks-N}: the default callback executor, at most one per core
 *       (at least two), while callbacks are queued; none when the builder names an executor;</li>
 *   <li>{@code tcp-client-callback-tick}: one, while callbacks are waiting to be batched.</li>
 * </ul>
 *
 * <p>Thread-safe. One thread may read while another writes; {@link #close()} from any thread
 * unblocks both.
 */
public interface ClientTCP extends Closeable {

    /**
     * Creates a client for {@code host:port} with the default settings. The address is checked
     * for syntax only; names are resolved at each connect.
     *
     * @param address {@code host:port}; host may be a name, an IPv4 literal, a bracketed IPv6
     *     literal or empty (the local host); port 0 to 65535
     * @throws InvalidAddressException if the address is malformed (also for null or empty)
     * @throws NoTransportException if no transport is available
     */
    static ClientTCP create(String address) {
        return builder(address).build();
    }

    /**
     * Starts building a client for {@code host:port}.
     *
     * @throws InvalidAddressException if the address is malformed (also for null or empty)
     */
    static Builder builder(String address) {
        return new Builder(address);
    }

    /**
     * Sets or clears the TLS settings used by the next connect; the current connection is not
     * touched. The configuration is checked against this client's transport now.
     *
     * @param enable false removes TLS (the other arguments are then ignored)
     * @param config the settings; must not be null when {@code enable} is true
     * @param serverName the name to verify and send as SNI; null or empty means the address's host
     * @throws IllegalArgumentException {@code "invalid tls config"} for a null config, or naming
     *     the transport and the setting it cannot apply; the previous settings are then kept
     */
    void setTLS(boolean enable, TlsConfig config, String serverName);

    /** Registers the error callback, replacing the previous one; null unregisters. */
    void registerFuncError(FuncError f);

    /** Registers the lifecycle callback, replacing the previous one; null unregisters. */
    void registerFuncInfo(FuncInfo f);

    /**
     * Connects within the builder's connect timeout (default 30 seconds).
     *
     * @see #connect(Duration)
     */
    void connect() throws IOException;

    /**
     * Connects: resolves the host, opens TCP and, with TLS set, completes the handshake with the
     * server verified, all within {@code timeout}. A current connection is replaced (closed and
     * reported with {@link ConnState#CLOSE}) once the new one is up; a failed connect leaves the
     * current connection, if any, as it was, and leaks no socket.
     *
     * @param timeout the whole budget; positive
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws java.net.ConnectException if the server refused
     * @throws java.net.SocketTimeoutException if the budget or the handshake timeout ran out
     * @throws javax.net.ssl.SSLException if the handshake failed or the server was not trusted
     * @throws java.io.InterruptedIOException if the thread was interrupted (the flag stays set)
     * @throws IllegalArgumentException if the timeout is zero or negative
     */
    void connect(Duration timeout) throws IOException;

    /**
     * Connects on a background thread. {@code cancel(true)} on the future aborts the name lookup's
     * wait, the dial and the handshake at once, and the future then completes with a
     * {@code CancellationException}; failures complete it as {@link #connect(Duration)} would throw.
     *
     * @throws IllegalArgumentException if the timeout is zero or negative
     */
    CompletableFuture<Void> connectAsync(Duration timeout);

    /**
     * Whether a connection is held: true from a successful connect until {@link #close()}. Without
     * a {@linkplain Builder#reconnect reconnect policy} it stays true after the peer closes or
     * resets, until this side closes; with one, the client lets go of a connection as soon as a
     * read or write meets its end (end of stream, reset, any I/O failure but a read timeout), and
     * this is false until the reconnection succeeds.
     */
    boolean isConnected();

    /**
     * Waits until the client holds a connection: at once if it does, else until a connect or a
     * reconnection brings one up.
     *
     * @param timeout how long to wait at most
     * @return true once connected; false when the timeout passed, or as soon as nothing will
     *     connect the client by itself: it gave up reconnecting ({@link ReconnectFailedException})
     *     or {@link #close()} was called, and no connect has started since
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    boolean awaitConnected(Duration timeout) throws InterruptedException;

    /**
     * What this client has done so far: connections, bytes, errors, dropped callback events. The
     * counters are kept without a lock or an allocation on the read and write path, and never
     * reset; see {@link ClientStats}.
     *
     * @return a snapshot of the counters
     */
    ClientStats stats();

    /**
     * Checks, without blocking, whether the connection can be handed to a new user as it is: it is
     * connected, nothing has ended it, its last read did not time out (a late answer would reach
     * the next user), nothing is waiting unread, and the peer has not closed or reset it since. A
     * connection pool asks this before it lends out an idle client.
     *
     * <p>The check polls the socket, and only when the kernel has something for it reads that
     * much: over TLS, records the peer sends unasked (TLS 1.3 session tickets) are consumed and
     * do not count, which can take up to a millisecond. A client found not reusable should be
     * closed: an unread byte may have been consumed, and an end the check found is recorded as if
     * a read had met it. Call it only while no other thread reads or writes this client. The poll
     * goes through one selector shared by the whole process, opened on the first call and kept
     * (one or two file descriptors, no thread).
     *
     * @return true if the connection is idle and usable
     */
    boolean isReusable();

    /**
     * Why the last connection ended.
     *
     * @return empty while connected and before the first connection; else the reason, such as
     *     {@link CloseReason#LOCAL} after {@link #close()} or {@link CloseReason#RESET} after the peer
     *     reset it
     */
    Optional<CloseReason> closeReason();

    /**
     * Reads into {@code b}, blocking until at least one byte arrives (or the read timeout, if one
     * was built in, passes). Emits {@link ConnState#READ} first, even for an empty buffer.
     *
     * @return the count read, 0 for an empty buffer, or -1 at the end of the stream
     * @throws NotConnectedException if no connection is held
     */
    int read(byte[] b) throws IOException;

    /**
     * Reads into {@code b[off..off+len)}.
     *
     * @throws IndexOutOfBoundsException if the bounds are wrong (no event is emitted)
     * @see #read(byte[])
     */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * Writes all of {@code b}, blocking while the peer does not read. Emits
     * {@link ConnState#WRITE} first, even for an empty buffer. Nothing is buffered.
     *
     * @return {@code b.length}
     * @throws NotConnectedException if no connection is held
     */
    int write(byte[] b) throws IOException;

    /**
     * Writes all of {@code b[off..off+len)}.
     *
     * @return {@code len}
     * @throws IndexOutOfBoundsException if the bounds are wrong (no event is emitted)
     */
    int write(byte[] b, int off, int len) throws IOException;

    /**
     * A view that reads the client's current connection, whichever it is at the time of each
     * call; closing it closes the client and never throws. Its {@code available()} is what a read
     * would return without blocking as far as the client knows: the kernel's count of received
     * bytes for plain TCP, the bytes already decrypted over TLS (records still encrypted are not
     * counted), 0 without a connection.
     */
    InputStream inputStream();

    /** A view that writes to the client's current connection; {@code flush()} does nothing. */
    OutputStream outputStream();

    /**
     * Shuts the outgoing side down (FIN, or TLS close_notify) while reading goes on; emits
     * {@link ConnState#CLOSE_WRITE}.
     *
     * @throws NotConnectedException if no connection is held
     * @throws UnsupportedOperationException if the transport cannot half-close TLS
     */
    void shutdownOutput() throws IOException;

    /**
     * One request/response exchange within the builder's connect timeout.
     *
     * @see #once(Duration, InputStream, Response)
     */
    void once(InputStream request, Response response) throws IOException;

    /**
     * Connects within {@code timeout}, writes the whole {@code request}, hands the connection's
     * input to {@code response}, then closes, whatever happened. Each failure is thrown and
     * reported to the error callback once.
     *
     * @param request what to send; null sends nothing
     * @param response reads the answer; null skips that step
     * @throws IllegalStateException if the client is connected (that connection is left alone)
     */
    void once(Duration timeout, InputStream request, Response response) throws IOException;

    /** The name of this client's transport, such as {@code "conscrypt"}; never changes. */
    String transport();

    /** What the current connection's handshake negotiated; empty for plain TCP or no connection. */
    Optional<TlsSessionInfo> tlsSession();

    /**
     * Reads an option of the current connection's TCP socket, under TLS too, for diagnostics: every
     * transport dials with TCP_NODELAY, SO_KEEPALIVE and Go's keep-alive timings unless the builder
     * says otherwise.
     *
     * @return the value, or empty when there is no connection or the platform lacks the option
     */
    <T> Optional<T> socketOption(SocketOption<T> option);

    /**
     * Closes the current connection (emitting {@link ConnState#CLOSE}) and stops any reconnection,
     * a pending delay included; a closed client never dials by itself again. Does nothing else when
     * there is no connection. The client can connect again afterwards.
     *
     * @throws IOException if releasing the socket failed; the client is disconnected all the same
     */
    @Override
    void close() throws IOException;

    /**
     * Builds a {@link ClientTCP}. Not thread-safe.
     */
    final class Builder {
        /** Shared by every client built with the default, rather than one instance per client. */
        private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
        private static final Duration DEFAULT_ATTEMPT_DELAY = Duration.ofMillis(250);

        private final String address;
        private String transport;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration handshakeTimeout = TransportOptions.DEFAULTS.handshakeTimeout();
        private Duration readTimeout = Duration.ZERO;
        private Duration keepAlive = TransportOptions.DEFAULTS.keepAlive();
        private Duration keepAliveInterval = TransportOptions.DEFAULTS.keepAliveInterval();
        private int keepAliveCount = TransportOptions.DEFAULTS.keepAliveCount();
        private ReconnectPolicy reconnect = ReconnectPolicy.none();
        private Duration connectionAttemptDelay = DEFAULT_ATTEMPT_DELAY;
        private boolean tcpNoDelay = true;
        private int sendBufferSize;
        private int receiveBufferSize;
        private TlsConfig tls;
        private String serverName = "";
        private Executor callbackExecutor;

        private Builder(String address) {
            Address.parse(address);
            this.address = address;
        }

        /** Names the transport to use instead of the default choice; see {@link Transports}. */
        public Builder transport(String name) {
            this.transport = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The whole budget of {@link ClientTCP#connect()}: name lookup, TCP and TLS handshake;
         * default 30 seconds.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * A cap on the TLS handshake inside the connect budget; default 10 seconds.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * How long a read may block before it throws {@code SocketTimeoutException} (the
         * connection stays usable); default {@link Duration#ZERO}, no limit, as in Go.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = notNegative(timeout, "readTimeout");
            return this;
        }

        /**
         * TCP keep-alive idle time (probes then every 15 s, 9 of them, as Go does); default 5
         * minutes; {@link Duration#ZERO} turns keep-alive off.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder keepAlive(Duration idle) {
            return keepAlive(idle, TransportOptions.DEFAULTS.keepAliveInterval(), TransportOptions.DEFAULTS.keepAliveCount());
        }

        /**
         * TCP keep-alive in full, on every transport (Linux's TCP_KEEPIDLE, TCP_KEEPINTVL and
         * TCP_KEEPCNT): after {@code idle} without traffic, a probe every {@code interval}; after
         * {@code count} unanswered probes the connection is dropped, which ends a blocked read with
         * an {@code IOException} and gives {@link CloseReason#TIMEOUT}, within
         * {@code idle + interval * count}. The kernel counts in whole seconds: shorter durations
         * become one second.
         *
         * @param idle the idle time; {@link Duration#ZERO} turns keep-alive off
         * @param interval the time between probes; positive
         * @param count the probes before giving up; at least 1
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public Builder keepAlive(Duration idle, Duration interval, int count) {
            notNegative(idle, "keepAlive idle");
            positive(interval, "keepAlive interval");
            if (count < 1) {
                throw new IllegalArgumentException("keepAlive count must be at least 1: " + count);
            }
            this.keepAlive = idle;
            this.keepAliveInterval = interval;
            this.keepAliveCount = count;
            return this;
        }

        /**
         * Whether and how the client dials again when its connection ends by anything but
         * {@link ClientTCP#close()}; default {@link ReconnectPolicy#none()}. See
         * {@link ClientTCP#closeReason()} and {@link ClientTCP#awaitConnected(Duration)}.
         */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The RFC 8305 stagger between the addresses of a name that resolves to several: a new
         * attempt starts this long after the previous one unless that one has finished; default
         * 250 ms. An IP literal is always a single attempt.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectionAttemptDelay(Duration delay) {
            this.connectionAttemptDelay = positive(delay, "connectionAttemptDelay");
            return this;
        }

        /** Whether Nagle's algorithm is off; default true, as in Go. */
        public Builder tcpNoDelay(boolean noDelay) {
            this.tcpNoDelay = noDelay;
            return this;
        }

        /**
         * SO_SNDBUF in bytes; 0 (the default) leaves the system's choice.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder sendBufferSize(int bytes) {
            this.sendBufferSize = notNegative(bytes, "sendBufferSize");
            return this;
        }

        /**
         * SO_RCVBUF in bytes; 0 (the default) leaves the system's choice.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder receiveBufferSize(int bytes) {
            this.receiveBufferSize = notNegative(bytes, "receiveBufferSize");
            return this;
        }

        /**
         * Enables TLS from the start, as {@link ClientTCP#setTLS} would.
         *
         * @param serverName the name to verify and send as SNI; null or empty means the host
         */
        public Builder tls(TlsConfig config, String serverName) {
            this.tls = Objects.requireNonNull(config, "config");
            this.serverName = serverName == null ? "" : serverName;
            return this;
        }

        /**
         * Runs this client's callbacks; default a shared pool of daemon threads. Callbacks of one
         * client still run one at a time, in order, whatever the executor.
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Creates the client, choosing its transport. Socket settings equal to the defaults are
         * passed on as {@link TransportOptions#DEFAULTS} itself, which transports may share one
         * {@code Transport} for.
         *
         * @throws NoTransportException if no transport fits
         * @throws IllegalArgumentException if the transport cannot apply the TLS settings
         */
        public ClientTCP build() {
            TransportOptions options = new TransportOptions(keepAlive, keepAliveInterval, keepAliveCount, tcpNoDelay,
                    sendBufferSize, receiveBufferSize, readTimeout, handshakeTimeout);
            if (options.equals(TransportOptions.DEFAULTS)) {
                options = TransportOptions.DEFAULTS;
            }
            return new DefaultClient(address, transport, connectTimeout, options, tls, serverName, callbackExecutor,
                    reconnect, connectionAttemptDelay);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static Duration notNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + d);
            }
            return d;
        }

        private static int notNegative(int v, String name) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must not be negative: " + v);
            }
            return v;
        }
    }
}
