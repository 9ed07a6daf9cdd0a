package tcp.client.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tcp.client.api.ClientStats;
import tcp.client.api.ClientTCP;
import tcp.client.api.CloseReason;
import tcp.client.api.ConnState;
import tcp.client.api.FuncError;
import tcp.client.api.FuncInfo;
import tcp.client.api.NotConnectedException;
import tcp.client.api.ReconnectFailedException;
import tcp.client.api.ReconnectPolicy;
import tcp.client.api.Response;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.internal.Connector.TlsTarget;
import tcp.client.api.spi.Transport;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;

/**
 * The {@link ClientTCP} implementation. Its state is volatile fields (the connection, the TLS
 * settings, the callbacks), updated atomically through {@link VarHandle}s where a read-modify-write
 * is needed; no lock is held across I/O, so a close from any thread goes straight to the socket.
 *
 * <p>Memory: an application may hold many idle clients, so a client keeps only what it needs
 * between calls. What only some clients use is created on first use: the callback queue when the
 * first event is emitted to a registered callback, the stream views when first asked for.
 */
public final class DefaultClient implements ClientTCP, Reconnection.Client {
    private static final System.Logger LOG = System.getLogger(DefaultClient.class.getName());
    private static final ExecutorService CONNECTOR = newConnector();
    private static final int COPY_BUFFER = 16 * 1024;
    private static final VarHandle CONNECTION;
    private static final VarHandle CALLBACKS;
    private static final VarHandle RECONNECTION;
    private static final VarHandle INPUT_VIEW;
    private static final VarHandle OUTPUT_VIEW;
    private static final VarHandle WAITERS;
    private static final VarHandle BYTES_READ;
    private static final VarHandle BYTES_WRITTEN;
    private static final VarHandle CONNECTS;
    private static final VarHandle RECONNECTS;
    private static final VarHandle ERRORS;
    private static final VarHandle HANDSHAKES;
    private static final VarHandle HANDSHAKE_NANOS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CONNECTION = lookup.findVarHandle(DefaultClient.class, "connection", Connection.class);
            CALLBACKS = lookup.findVarHandle(DefaultClient.class, "callbacks", CallbackDispatcher.class);
            RECONNECTION = lookup.findVarHandle(DefaultClient.class, "reconnection", Reconnection.class);
            INPUT_VIEW = lookup.findVarHandle(DefaultClient.class, "inputView", InputStream.class);
            OUTPUT_VIEW = lookup.findVarHandle(DefaultClient.class, "outputView", OutputStream.class);
            WAITERS = lookup.findVarHandle(DefaultClient.class, "waiters", ConnectionWaiters.class);
            BYTES_READ = lookup.findVarHandle(DefaultClient.class, "bytesRead", long.class);
            BYTES_WRITTEN = lookup.findVarHandle(DefaultClient.class, "bytesWritten", long.class);
            CONNECTS = lookup.findVarHandle(DefaultClient.class, "connects", long.class);
            RECONNECTS = lookup.findVarHandle(DefaultClient.class, "reconnects", long.class);
            ERRORS = lookup.findVarHandle(DefaultClient.class, "errors", long.class);
            HANDSHAKES = lookup.findVarHandle(DefaultClient.class, "handshakes", long.class);
            HANDSHAKE_NANOS = lookup.findVarHandle(DefaultClient.class, "handshakeNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Address address;
    private final ConnectAttempt.Budget budget;
    private final TransportOptions options;
    private final ReconnectPolicy reconnectPolicy;
    private final Duration attemptDelay;
    private final String transportName;
    private final Transport transport;
    /** Runs the callbacks, or null for the shared default pool; only read to create {@link #callbacks()}. */
    private final Executor callbackExecutor;
    /** The callback queue, created by {@link #callbacks()} with the first event to deliver. */
    private volatile CallbackDispatcher callbacks;
    /** The current connection; swapped through {@link #CONNECTION}. */
    private volatile Connection connection;
    /** The TLS settings, null for plain TCP. */
    private volatile TlsTarget tls;
    private volatile FuncError funcError;
    private volatile FuncInfo funcInfo;
    /** The last error that read or write reported, so once() does not report it again. */
    private volatile Throwable lastIoError;
    /**
     * Whether a connection that ends by itself is dialed again: set by a successful connect with a
     * reconnect policy, cleared by {@link #close()} and {@code once}.
     */
    private volatile boolean reconnectArmed;
    /** The outage under way, or null. */
    private volatile Reconnection reconnection;
    /** Why the last connection ended; reported only while there is none. */
    private volatile CloseReason closeReason;
    /**
     * Whether nothing will connect the client by itself: set when reconnection gives up and by
     * {@link #close()}, cleared when a connect starts.
     */
    private volatile boolean settled;
    /** Threads in {@link #awaitConnected}, created by the first. */
    private volatile ConnectionWaiters waiters;
    /** The stream views, created by {@link #inputStream()} and {@link #outputStream()} on first use. */
    /** The counters of {@link #stats()}, added to atomically through their VarHandles. */
    private volatile long bytesRead;
    private volatile long bytesWritten;
    private volatile long connects;
    private volatile long reconnects;
    private volatile long errors;
    private volatile long handshakes;
    private volatile long handshakeNanos;
    private volatile InputStream inputView;
    private volatile OutputStream outputView;

    /**
     * Creates a client; see {@link ClientTCP.Builder#build()}.
     */
    public DefaultClient(String address, String transportName, Duration connectTimeout, TransportOptions options,
                         TlsConfig tlsConfig, String serverName, Executor callbackExecutor,
                         ReconnectPolicy reconnectPolicy, Duration attemptDelay) {
        this.address = Address.parse(address);
        this.budget = ConnectAttempt.Budget.of(connectTimeout, options.handshakeTimeout());
        this.options = options;
        this.reconnectPolicy = Objects.requireNonNull(reconnectPolicy, "reconnectPolicy");
        this.attemptDelay = Objects.requireNonNull(attemptDelay, "attemptDelay");
        TransportProvider provider = ProviderSelector.select(transportName);
        this.transportName = provider.name();
        this.transport = provider.create(options);
        this.callbackExecutor = callbackExecutor;
        if (tlsConfig != null) {
            tls = tlsTarget(tlsConfig, serverName);
        }
    }

    private static ExecutorService newConnector() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 3, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "tcp-client-connect-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void setTLS(boolean enable, TlsConfig config, String serverName) {
        if (!enable) {
            tls = null;
            return;
        }
        if (config == null) {
            throw new IllegalArgumentException("invalid tls config");
        }
        tls = tlsTarget(config, serverName);
    }

    private TlsTarget tlsTarget(TlsConfig config, String serverName) {
        return new TlsTarget(TlsContexts.prepared(transportName, transport, config),
                serverName == null ? "" : serverName);
    }

    @Override
    public void registerFuncError(FuncError f) {
        funcError = f;
    }

    @Override
    public void registerFuncInfo(FuncInfo f) {
        funcInfo = f;
    }

    @Override
    public void connect() throws IOException {
        connect(budget, true);
    }

    @Override
    public void connect(Duration timeout) throws IOException {
        connect(budget.withConnect(timeout), true);
    }

    private void connect(ConnectAttempt.Budget b, boolean arm) throws IOException {
        settled = false;
        stopReconnecting();
        emitDial();
        if (Thread.currentThread().isInterrupted()) {
            throw reported(new InterruptedIOException("connect interrupted before dialing " + address));
        }
        dial(ConnectAttempt.begin(address.toString(), b), null);
        if (arm) {
            armReconnect();
        }
    }

    /** After a successful connect by the application: a later end of the connection is redialed. */
    private void armReconnect() {
        if (reconnectPolicy.isEnabled()) {
            reconnectArmed = true;
        }
    }

    @Override
    public CompletableFuture<Void> connectAsync(Duration timeout) {
        ConnectAttempt.Budget b = budget.withConnect(timeout);
        AsyncConnect future = new AsyncConnect();
        CONNECTOR.execute(() -> future.run(b));
        return future;
    }

    /** A connect future whose cancel(true) aborts the attempt it runs, if that is still running. */
    private final class AsyncConnect extends CompletableFuture<Void> {
        private volatile ConnectAttempt request;

        void run(ConnectAttempt.Budget b) {
            if (isDone()) {
                return;
            }
            settled = false;
            stopReconnecting();
            emitDial();
            try {
                ConnectAttempt r = ConnectAttempt.begin(address.toString(), b);
                request = r;
                if (isCancelled()) {
                    r.cancel();
                    r.close();
                    reportCancellation();
                    return;
                }
                dial(r, null);
                if (!complete(null) && isCancelled()) {
                    // Cancelled after the connection was up: the caller was told it was not made.
                    close();
                } else {
                    armReconnect();
                }
            } catch (IOException | RuntimeException | Error e) {
                ConnectAttempt r = request;
                if (r != null && r.isCancelled()) {
                    // cancel(true) aborted the attempt and may not have completed this future yet.
                    cancel(false);
                }
                if (isCancelled()) {
                    reportCancellation();
                } else {
                    completeExceptionally(e);
                }
            }
        }

        private void reportCancellation() {
            try {
                join();
            } catch (CancellationException e) {
                reported(e);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            ConnectAttempt r = request;
            if (r != null && !r.cancel() && !r.isCancelled()) {
                // The attempt has already succeeded or failed: its outcome stands.
                return isCancelled();
            }
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            // run() publishes its request and then checks isCancelled(); this cancels and then
            // looks for the request again, so one of the two sees the other and the dial is aborted.
            ConnectAttempt late = request;
            if (cancelled && late != null) {
                late.cancel();
            }
            return cancelled;
        }
    }

    /**
     * Opens a connection and installs it: in place of the current one for the application's
     * connect ({@code outage} null), or into the empty slot for a reconnection, unless that was
     * stopped meanwhile.
     */
    private void dial(ConnectAttempt request, Reconnection outage) throws IOException {
        Connection opened;
        ConnectEvent event = new ConnectEvent();
        event.begin();
        try (request) {
            opened = Connector.open(request, address, options, attemptDelay, tls);
            connectEnded(event, null);
        } catch (IOException e) {
            connectEnded(event, e);
            IOException failure = Failures.connect(e, request);
            if (request.isCancelled()) {
                // connectAsync's future reports its CancellationException instead.
                throw failure;
            }
            throw reported(failure);
        } catch (RuntimeException | Error e) {
            connectEnded(event, e);
            reported(e);
            throw e;
        }
        opened.installed(bytesRead, bytesWritten, System.nanoTime());
        if (request.isCancelled() || request.isExpired()) {
            // The attempt ended while open() was returning: its connection must not be installed.
            ConnectAttempt.closeQuietly(opened);
            IOException failure = Failures.connect(new IOException("connect aborted"), request);
            throw request.isCancelled() ? failure : reported(failure);
        }
        Connection old;
        if (outage == null) {
            old = (Connection) CONNECTION.getAndSet(this, opened);
        } else {
            old = null;
            // The application connected meanwhile (which stops the outage first), or closed the client.
            if (!CONNECTION.compareAndSet(this, null, opened)) {
                ConnectAttempt.closeQuietly(opened);
                return;
            }
            if (outage.isStopped()) {
                if (CONNECTION.compareAndSet(this, opened, null)) {
                    ConnectAttempt.closeQuietly(opened);
                }
                return;
            }
            RECONNECTION.compareAndSet(this, outage, null);
            RECONNECTS.getAndAdd(this, 1L);
        }
        CONNECTS.getAndAdd(this, 1L);
        long handshake = opened.handshakeNanos();
        if (handshake >= 0) {
            HANDSHAKES.getAndAdd(this, 1L);
            HANDSHAKE_NANOS.getAndAdd(this, handshake);
        }
        emit(opened.localAddress(), opened.remoteAddress(), ConnState.NEW);
        if (old != null) {
            emit(old.localAddress(), old.remoteAddress(), ConnState.CLOSE);
            closeQuietly(old, old.closeReason());
        }
        signalWaiters();
    }

    private void connectEnded(ConnectEvent event, Throwable failure) {
        event.end();
        if (event.shouldCommit()) {
            event.address = address.toString();
            event.transport = transportName;
            event.tls = tls != null;
            event.outcome = failure == null ? "ok" : failure.getClass().getName();
            event.commit();
        }
    }

    /** Closes an installed connection that this client let go of, recording its end. */
    private void close(Connection c, CloseReason reason) throws IOException {
        CloseEvent event = new CloseEvent();
        event.begin();
        try {
            c.close();
        } finally {
            event.end();
            if (event.shouldCommit()) {
                event.address = address.toString();
                event.transport = transportName;
                event.reason = reason.name();
                event.bytesRead = bytesRead - c.readBefore();
                event.bytesWritten = bytesWritten - c.writtenBefore();
                event.lifetime = System.nanoTime() - c.installedNanos();
                event.commit();
            }
        }
    }

    private void closeQuietly(Connection c, CloseReason reason) {
        try {
            close(c, reason);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a connection the client let go of failed", e);
        }
    }

    // Reconnection.Client

    @Override
    public void redial(ConnectAttempt attempt, Reconnection outage) throws IOException {
        emitDial();
        dial(attempt, outage);
    }

    @Override
    public ConnectAttempt.Budget budget() {
        return budget;
    }

    @Override
    public void gaveUp(Reconnection outage, ReconnectFailedException e) {
        if (RECONNECTION.compareAndSet(this, outage, null)) {
            settled = true;
            reported(e);
            signalWaiters();
        }
    }

    /**
     * A read or write met the end of {@code c}: records why, and with a reconnect policy lets go
     * of the connection (CLOSE) and starts dialing again. A read timeout is not an end.
     */
    private void ended(Connection c, CloseReason reason) {
        if (!c.markEnded(reason) || !reconnectArmed || !CONNECTION.compareAndSet(this, c, null)) {
            return;
        }
        closeReason = reason;
        emit(c.localAddress(), c.remoteAddress(), ConnState.CLOSE);
        closeQuietly(c, reason);
        Reconnection outage = new Reconnection(this, reconnectPolicy, address.toString(), CONNECTOR);
        reconnection = outage;
        // close() clears the flag and then stops the outage it sees: one of the two sees the other.
        if (!reconnectArmed) {
            RECONNECTION.compareAndSet(this, outage, null);
            outage.stop();
            return;
        }
        outage.start();
    }

    private void failed(Connection c, IOException e) {
        if (c.isClosed()) {
            // Closed under the call by this side: close() has recorded why.
            return;
        }
        if (e instanceof SocketTimeoutException) {
            c.readTimedOut(true);
            return;
        }
        ended(c, Failures.closeReason(e));
    }

    private void stopReconnecting() {
        Reconnection outage = (Reconnection) RECONNECTION.getAndSet(this, null);
        if (outage != null) {
            outage.stop();
        }
    }

    @Override
    public boolean isConnected() {
        return connection != null;
    }

    @Override
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (connection != null) {
            return true;
        }
        ConnectionWaiters w = waiters;
        if (w == null) {
            w = setOnce(WAITERS, new ConnectionWaiters());
        }
        return w.await(this::isConnected, () -> settled, Durations.saturatedNanos(timeout));
    }

    private void signalWaiters() {
        ConnectionWaiters w = waiters;
        if (w != null) {
            w.signal();
        }
    }

    @Override
    public ClientStats stats() {
        CallbackDispatcher d = callbacks;
        return new ClientStats(connects, reconnects, bytesRead, bytesWritten, errors,
                d == null ? 0 : d.droppedEvents(), handshakes, handshakeNanos);
    }

    @Override
    public boolean isReusable() {
        Connection c = connection;
        if (c == null || c.ending() != null || c.readTimedOut() || c.isClosed()) {
            return false;
        }
        Connection.Idle found = c.probe();
        if (found.ending != null) {
            ended(c, found.ending);
        }
        return found == Connection.Idle.REUSABLE;
    }

    @Override
    public Optional<CloseReason> closeReason() {
        CloseReason r = closeReason;
        return r == null || connection != null ? Optional.empty() : Optional.of(r);
    }

    @Override
    public int read(byte[] b) throws IOException {
        return read(b, 0, b.length);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Connection c = current();
        emit(c, ConnState.READ);
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = c.read(b, off, len);
        } catch (IOException e) {
            lastIoError = e;
            reported(e);
            failed(c, e);
            throw e;
        }
        if (n < 0) {
            ended(c, CloseReason.PEER_CLOSED);
        } else {
            BYTES_READ.getAndAdd(this, (long) n);
            if (c.readTimedOut()) {
                c.readTimedOut(false);
            }
        }
        return n;
    }

    @Override
    public int write(byte[] b) throws IOException {
        return write(b, 0, b.length);
    }

    @Override
    public int write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Connection c = current();
        emit(c, ConnState.WRITE);
        if (len == 0) {
            return 0;
        }
        try {
            c.write(b, off, len);
            BYTES_WRITTEN.getAndAdd(this, (long) len);
            return len;
        } catch (IOException e) {
            lastIoError = e;
            reported(e);
            failed(c, e);
            throw e;
        }
    }

    private Connection current() throws NotConnectedException {
        Connection c = connection;
        if (c == null) {
            NotConnectedException e = new NotConnectedException();
            lastIoError = e;
            throw reported(e);
        }
        return c;
    }

    /** The input view, the same one on every call; created on the first. */
    @Override
    public InputStream inputStream() {
        InputStream view = inputView;
        return view != null ? view : setOnce(INPUT_VIEW, new InputView());
    }

    /** The output view, the same one on every call; created on the first. */
    @Override
    public OutputStream outputStream() {
        OutputStream view = outputView;
        return view != null ? view : setOnce(OUTPUT_VIEW, new OutputView());
    }

    @Override
    public void shutdownOutput() throws IOException {
        Connection c = current();
        try {
            c.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            reported(e);
            throw e;
        }
        emit(c, ConnState.CLOSE_WRITE);
    }

    @Override
    public void once(InputStream request, Response response) throws IOException {
        once(budget.connect(), request, response);
    }

    @Override
    public void once(Duration timeout, InputStream request, Response response) throws IOException {
        ConnectAttempt.Budget b = budget.withConnect(timeout);
        Connection held = connection;
        if (held != null) {
            throw new IllegalStateException("once needs a client without a connection, but this one is connected to "
                    + held.remoteAddress() + "; close it first or use another client");
        }
        // once's connection is its own: it ends with once and is never redialed.
        reconnectArmed = false;
        connect(b, false);
        try {
            if (request != null) {
                copy(request);
            }
            if (response != null) {
                try {
                    response.handle(inputStream());
                } catch (IOException e) {
                    throw lastIoError == e ? e : reported(e);
                } catch (RuntimeException | Error e) {
                    reported(e);
                    throw e;
                }
            }
        } finally {
            try {
                close();
            } catch (IOException e) {
                // As in golib, a failing close at the end of once is reported, not thrown.
                reported(e);
            }
        }
    }

    private void copy(InputStream request) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        while (true) {
            int n;
            try {
                n = request.read(buffer);
                if (n == 0) {
                    throw new IOException("the request stream read 0 bytes into a non-empty buffer,"
                            + " which InputStream's contract forbids");
                }
            } catch (IOException e) {
                throw reported(e);
            }
            if (n < 0) {
                return;
            }
            write(buffer, 0, n);
        }
    }

    @Override
    public String transport() {
        return transportName;
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        Connection c = connection;
        return c == null ? Optional.empty() : c.tlsSession();
    }

    @Override
    public <T> Optional<T> socketOption(SocketOption<T> option) {
        Objects.requireNonNull(option, "option");
        Connection c = connection;
        return c == null ? Optional.empty() : c.socketOption(option);
    }

    @Override
    public void close() throws IOException {
        reconnectArmed = false;
        settled = true;
        Reconnection outage = (Reconnection) RECONNECTION.getAndSet(this, null);
        if (outage != null) {
            outage.stop();
        }
        signalWaiters();
        Connection c = (Connection) CONNECTION.getAndSet(this, null);
        if (c == null) {
            return;
        }
        CloseReason reason = c.closeReason();
        closeReason = reason;
        emit(c.localAddress(), c.remoteAddress(), ConnState.CLOSE);
        close(c, reason);
    }

    @Override
    public String toString() {
        Connection c = connection;
        return "ClientTCP[" + address + ", transport=" + transportName
                + (c == null ? ", disconnected]" : ", connected " + c.localAddress() + " -> " + c.remoteAddress() + "]");
    }

    /**
     * Emits {@link ConnState#DIAL} with the target as written, unresolved: built only when a
     * callback is there to receive it.
     */
    private void emitDial() {
        FuncInfo f = funcInfo;
        if (f != null) {
            callbacks().info(f, null, InetSocketAddress.createUnresolved(address.host(), address.port()), ConnState.DIAL);
        }
    }

    private void emit(Connection c, ConnState state) {
        FuncInfo f = funcInfo;
        if (f != null) {
            callbacks().info(f, c.localAddress(), c.remoteAddress(), state);
        }
    }

    private void emit(InetSocketAddress local, InetSocketAddress remote, ConnState state) {
        FuncInfo f = funcInfo;
        if (f != null) {
            callbacks().info(f, local, remote, state);
        }
    }

    private <T extends Throwable> T reported(T error) {
        ERRORS.getAndAdd(this, 1L);
        FuncError f = funcError;
        if (f != null) {
            callbacks().error(f, error);
        }
        return error;
    }

    /**
     * The client's one callback queue, created with the first event to deliver; a client whose
     * callbacks are never registered never has one. Racing threads agree on a single queue, so
     * events still run one at a time and in order.
     */
    private CallbackDispatcher callbacks() {
        CallbackDispatcher d = callbacks;
        return d != null ? d : setOnce(CALLBACKS, new CallbackDispatcher(callbackExecutor,
                "client " + address + " (" + transportName + ")"));
    }

    /**
     * Sets the field behind {@code handle} to {@code created} if it is still null, and returns what
     * it holds then: racing first uses agree on one object.
     */
    @SuppressWarnings("unchecked")
    private <T> T setOnce(VarHandle handle, T created) {
        T won = (T) handle.compareAndExchange(this, (T) null, created);
        return won != null ? won : created;
    }

    /** Reads the client's current connection. */
    private final class InputView extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = DefaultClient.this.read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return DefaultClient.this.read(b, off, len);
        }

        /** What a read could return without blocking: the kernel's count, or the TLS layer's. */
        @Override
        public int available() throws IOException {
            Connection c = connection;
            return c == null ? 0 : c.available();
        }

        @Override
        public void close() {
            closeQuietlyFromView();
        }
    }

    /** Writes to the client's current connection; nothing is buffered. */
    private final class OutputView extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            DefaultClient.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            DefaultClient.this.write(b, off, len);
        }

        @Override
        public void close() {
            closeQuietlyFromView();
        }
    }

    private void closeQuietlyFromView() {
        try {
            close();
        } catch (IOException e) {
            // A stream view's close never throws: the failure goes to the log and the callback.
            LOG.log(Level.DEBUG, "closing the client from a stream view failed", e);
            reported(e);
        }
    }
}
