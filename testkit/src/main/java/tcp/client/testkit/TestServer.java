package tcp.client.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A loopback server for tests: plain TCP or TLS, one {@link Behaviour} for every connection, with
 * counters and a record of how each connection ended.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.defaults())) {
 *     connectSomeClientTo(server.address());          // "127.0.0.1:<port>"
 *     assertTrue(server.awaitEnds(1, Duration.ofSeconds(2)));
 *     assertEquals(Ending.CLOSE_NOTIFY, server.events().get(0).ending());
 * }
 * }</pre>
 *
 * <p>The listener binds 127.0.0.1 on an ephemeral port. One acceptor thread and one thread per
 * connection serve; all are daemon platform threads named {@code testkit-server-<port>-...}.
 * Accepted sockets have TCP_NODELAY on. A TLS server completes the handshake before running the
 * behaviour (with a bounded timeout), unless {@link TlsServerOptions#stallBeforeHandshake()}.
 *
 * <p>Thread-safe: every method may be called from any thread, including while connections are being
 * served. {@link #close()} is idempotent.
 */
public final class TestServer implements LoopbackEndpoint, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TestServer.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Behaviour behaviour;
    private final ServerTls tls;
    private final int port;
    private final Object lock = new Object();
    private final Object changes = new Object();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Set<ServerConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<ConnectionEnd> ends = new CopyOnWriteArrayList<>();
    private final List<String> sniNames = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile List<X509Certificate> lastClientCertificates = List.of();
    private ServerSocket listener;
    private Thread acceptor;
    private boolean closed;

    private TestServer(Behaviour behaviour, TlsServerOptions options) throws IOException {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.tls = options == null ? null : ServerTls.create(options);
        ServerSocket socket = bind(0);
        this.port = socket.getLocalPort();
        synchronized (lock) {
            startAccepting(socket);
        }
    }

    /**
     * Starts a plain TCP server.
     *
     * @param behaviour what to do with each connection
     * @return the running server
     * @throws IOException if the listener cannot bind
     */
    public static TestServer plain(Behaviour behaviour) throws IOException {
        return new TestServer(behaviour, null);
    }

    /**
     * Starts a plain TCP server running custom code per connection.
     *
     * @param handler what to do with each connection
     * @return the running server
     * @throws IOException if the listener cannot bind
     */
    public static TestServer plain(Handler handler) throws IOException {
        return plain(Behaviour.of("handler", handler));
    }

    /**
     * Starts a TLS server.
     *
     * @param behaviour what to do with each connection after the handshake
     * @param options identity, versions, suites, groups, ALPN, client authentication, engine
     * @return the running server
     * @throws IOException if the listener cannot bind
     * @throws IllegalArgumentException if the engine does not support a requested protocol or suite
     */
    public static TestServer tls(Behaviour behaviour, TlsServerOptions options) throws IOException {
        return new TestServer(behaviour, Objects.requireNonNull(options, "options"));
    }

    /**
     * Starts a TLS server running custom code per connection after the handshake.
     *
     * @param handler what to do with each connection; it receives the {@code SSLSocket}
     * @param options TLS options
     * @return the running server
     * @throws IOException if the listener cannot bind
     */
    public static TestServer tls(Handler handler, TlsServerOptions options) throws IOException {
        return tls(Behaviour.of("handler", handler), options);
    }

    /**
     * Starts a TLS server with {@link TlsServerOptions#defaults()}.
     *
     * @param behaviour what to do with each connection after the handshake
     * @return the running server
     * @throws IOException if the listener cannot bind
     */
    public static TestServer tls(Behaviour behaviour) throws IOException {
        return tls(behaviour, TlsServerOptions.defaults());
    }

    /**
     * The listening port; unchanged by {@link #closeListener()} and {@link #reopenListener()}.
     *
     * @return the port
     */
    @Override
    public int port() {
        return port;
    }

    /**
     * Whether this is a TLS server.
     *
     * @return true for TLS
     */
    public boolean isTls() {
        return tls != null;
    }

    /**
     * The TLS options this server runs with, with the engine resolved.
     *
     * @return the options, or empty for a plain server
     */
    public Optional<TlsServerOptions> tlsOptions() {
        return tls == null ? Optional.empty() : Optional.of(tls.options);
    }

    /**
     * The behaviour every connection runs.
     *
     * @return the behaviour
     */
    public Behaviour behaviour() {
        return behaviour;
    }

    /**
     * How many connections have been accepted so far.
     *
     * @return the count
     */
    public int accepted() {
        return accepted.get();
    }

    /**
     * How many accepted connections the server still holds open.
     *
     * @return the count
     */
    public int openConnections() {
        // Under the lock that also starts connection threads, so that a count of n means the n
        // server threads have been started.
        synchronized (lock) {
            return open.size();
        }
    }

    /**
     * Waits until exactly {@code n} connections are open.
     *
     * @param n the expected count
     * @param max how long to wait at most
     * @return true if the count was reached, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitOpenConnections(int n, Duration max) throws InterruptedException {
        return await(() -> openConnections() == n, max);
    }

    /**
     * Waits until at least {@code n} connections have been accepted.
     *
     * @param n the expected count
     * @param max how long to wait at most
     * @return true if reached, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitAccepted(int n, Duration max) throws InterruptedException {
        return await(() -> accepted.get() >= n, max);
    }

    /**
     * Waits until at least {@code n} connections have ended (see {@link #events()}).
     *
     * @param n the expected count
     * @param max how long to wait at most
     * @return true if reached, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitEnds(int n, Duration max) throws InterruptedException {
        return await(() -> ends.size() >= n, max);
    }

    /**
     * How each finished connection ended, in the order they ended.
     *
     * @return a snapshot
     */
    public List<ConnectionEnd> events() {
        return List.copyOf(ends);
    }

    /**
     * The SNI host names received, one entry per TLS connection whose handshake completed, plus
     * failed handshakes whose ClientHello carried a name; an empty string means the ClientHello
     * carried no SNI. Empty for a plain server.
     *
     * @return a snapshot in handshake order
     */
    public List<String> sniNames() {
        return List.copyOf(sniNames);
    }

    /**
     * The client certificate chain of the most recent completed handshake.
     *
     * @return the chain, leaf first; empty if none was sent or no handshake completed
     */
    public List<X509Certificate> lastClientCertificates() {
        return lastClientCertificates;
    }

    /**
     * Writes {@code data} to every open connection (for behaviours such as {@link Behaviour#SILENT}
     * that never write on their own), first waiting, up to the handshake timeout, for connections
     * still in their TLS handshake. Connections whose handshake fails are skipped.
     *
     * @param data the bytes to send
     * @return how many connections were written to
     * @throws IOException if a write fails
     * @throws java.io.InterruptedIOException if interrupted while waiting for a handshake
     */
    public int sendToAll(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        Duration wait = tls == null ? Duration.ofSeconds(5) : tls.options.handshakeTimeout();
        int count = 0;
        for (ServerConnection connection : List.copyOf(open)) {
            if (connection.awaitReady(wait)) {
                connection.write(data);
                count++;
            }
        }
        return count;
    }

    /**
     * Closes every open connection at once, the way the kernel does when a server process dies: a
     * FIN (a reset where unread input is left), no TLS close_notify. The listener keeps accepting;
     * with {@link #closeListener()} before and {@link #reopenListener()} after, this is a server
     * restart on the same port. Only connections the server has accepted are closed: a client's
     * connect returns once the kernel has queued the connection, so wait for
     * {@link #awaitOpenConnections} first.
     *
     * @return how many connections were closed
     */
    public int dropConnections() {
        int count = 0;
        for (ServerConnection connection : List.copyOf(open)) {
            connection.abort();
            count++;
        }
        return count;
    }

    /**
     * Stops accepting: closes the listener and waits (up to five seconds) for the acceptor thread to
     * end, so that new connects are refused once this returns; keeps the accepted connections open.
     * Does nothing if the listener is already closed.
     *
     * @throws IllegalStateException if the acceptor thread does not end in time
     */
    public void closeListener() {
        Thread stopping;
        synchronized (lock) {
            closeQuietly(listener);
            stopping = acceptor;
        }
        // The JDK defers the real close of a listening socket until a thread blocked in accept()
        // has left it; until then the kernel may still complete handshakes. Waiting for the
        // acceptor makes "closed" mean "connects are refused".
        if (stopping != null) {
            try {
                stopping.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while closing the listener on port " + port, e);
            }
            if (stopping.isAlive()) {
                throw new IllegalStateException("acceptor of port " + port + " still alive after "
                        + CLOSE_WAIT.toSeconds() + " s");
            }
        }
    }

    /**
     * Listens again on the same port after {@link #closeListener()}, serving as before.
     *
     * @throws IOException if the port cannot be bound again (e.g. taken meanwhile)
     * @throws IllegalStateException if the server is closed or still listening
     */
    public void reopenListener() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("server on port " + port + " is closed");
            }
            if (listener != null && !listener.isClosed()) {
                throw new IllegalStateException("server on port " + port + " is still listening");
            }
            startAccepting(bind(port));
        }
    }

    /**
     * Closes the listener and every connection (without close_notify), then waits up to five
     * seconds for the server's threads to end. Idempotent.
     *
     * @throws IllegalStateException if a server thread is still alive after the wait, naming it
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                closeQuietly(listener);
                closing.countDown();
                for (ServerConnection connection : open) {
                    connection.abort();
                }
            }
        }
        Threads.awaitEnd(threads, CLOSE_WAIT, "server on port " + port);
    }

    @Override
    public String toString() {
        return "TestServer[" + (tls == null ? "plain" : "tls " + tls.options.engine()) + " " + behaviour
                + " on " + address() + "]";
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** Called with {@link #lock} held. */
    private void startAccepting(ServerSocket socket) {
        listener = socket;
        Thread thread = new Thread(() -> acceptLoop(socket), "testkit-server-" + port + "-accept");
        thread.setDaemon(true);
        threads.add(thread);
        acceptor = thread;
        thread.start();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket raw;
            try {
                raw = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed on port " + port, e);
                }
                return;
            }
            int id = accepted.incrementAndGet();
            signal();
            ServerConnection connection;
            try {
                raw.setTcpNoDelay(true);
                connection = new ServerConnection(id, raw, closing);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot set up connection #" + id + " on port " + port, e);
                closeQuietly(raw);
                continue;
            }
            synchronized (lock) {
                if (closed) {
                    closeQuietly(raw);
                    return;
                }
                threads.removeIf(thread -> !thread.isAlive());
                open.add(connection);
                Thread thread = new Thread(() -> serve(connection), "testkit-server-" + port + "-conn-" + id);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
            signal();
        }
    }

    private void serve(ServerConnection connection) {
        Ending ending = null;
        Throwable cause = null;
        try {
            if (tls != null && !tls.options.stallBeforeHandshake()) {
                try {
                    handshake(connection);
                } catch (IOException | RuntimeException e) {
                    cause = e;
                    ending = connection.isAborted() ? Ending.SHUTDOWN : Ending.HANDSHAKE_FAILED;
                }
            }
            if (ending == null) {
                connection.markReady();
                // A stalled handshake is a silent peer on the raw socket.
                Behaviour effective = tls != null && tls.options.stallBeforeHandshake() ? Behaviour.SILENT : behaviour;
                ending = effective.script().run(connection);
            }
        } catch (IOException | RuntimeException e) {
            ending = connection.classify(e);
            cause = e;
        }
        connection.markEnded();
        // Close before recording, so that a test that saw the end can rely on the socket being gone.
        connection.close();
        open.remove(connection);
        ends.add(new ConnectionEnd(connection.id(), connection.remote(), ending, cause));
        signal();
    }

    private void handshake(ServerConnection connection) throws IOException {
        ServerTls.HandshakeFacts facts = new ServerTls.HandshakeFacts();
        try {
            connection.raw().setSoTimeout((int) Math.min(Integer.MAX_VALUE, tls.options.handshakeTimeout().toMillis()));
            tls.handshake(connection, facts);
            connection.raw().setSoTimeout(0);
        } catch (IOException | RuntimeException e) {
            if (facts.sniName != null) {
                sniNames.add(facts.sniName);
            }
            throw e;
        }
        sniNames.add(facts.sniName == null ? "" : facts.sniName);
        lastClientCertificates = facts.clientCertificates;
    }

    private boolean await(BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (changes) {
            while (!condition.getAsBoolean()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changes, remaining);
            }
            return true;
        }
    }

    private void signal() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: " + closeable, e);
        }
    }
}
