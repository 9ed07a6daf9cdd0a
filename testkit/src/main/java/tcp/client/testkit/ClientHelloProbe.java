package tcp.client.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain TCP listener that reads the ClientHello of each connection, records what it offered, and
 * closes the connection without answering; the client's handshake then fails, which is expected.
 *
 * <pre>{@code
 * try (ClientHelloProbe probe = ClientHelloProbe.start()) {
 *     assertThrows(IOException.class, () -> tlsConnect("localhost", probe.port()));
 *     ClientHello hello = probe.awaitHello(Duration.ofSeconds(5));
 *     assertEquals("localhost", hello.serverName());
 * }
 * }</pre>
 *
 * <p>Listens on 127.0.0.1 and an ephemeral port; one acceptor thread and one short-lived thread per
 * connection, daemon platform threads named {@code testkit-probe-<port>-...}. A connection that
 * does not send a ClientHello within 10 s, or sends something else, is recorded as a failure that
 * {@link #awaitHello(Duration)} reports.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class ClientHelloProbe implements LoopbackEndpoint, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClientHelloProbe.class.getName());
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** A parsed hello or the reason there is none. */
    private record Outcome(ClientHello hello, IOException failure) {
    }

    private final ServerSocket listener;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final List<ClientHello> hellos = new CopyOnWriteArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ClientHelloProbe(ServerSocket listener) {
        this.listener = listener;
        Thread acceptor = new Thread(this::acceptLoop, "testkit-probe-" + listener.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
        threads.add(acceptor);
        acceptor.start();
    }

    /**
     * Starts a probe on 127.0.0.1 and an ephemeral port.
     *
     * @return the running probe
     * @throws IOException if it cannot bind
     */
    public static ClientHelloProbe start() throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new ClientHelloProbe(listener);
    }

    /**
     * The listening port.
     *
     * @return the port
     */
    @Override
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Waits for the next connection's ClientHello, in arrival order.
     *
     * @param max how long to wait at most
     * @return the parsed hello
     * @throws TimeoutException if no connection delivered a hello in time
     * @throws IOException if the next connection did not send a parsable ClientHello
     * @throws InterruptedException if interrupted while waiting
     */
    public ClientHello awaitHello(Duration max) throws IOException, InterruptedException, TimeoutException {
        Outcome outcome = outcomes.poll(max.toNanos(), TimeUnit.NANOSECONDS);
        if (outcome == null) {
            throw new TimeoutException("no ClientHello on " + address() + " within " + max);
        }
        if (outcome.failure() != null) {
            throw new IOException("connection to probe " + address() + " sent no ClientHello: "
                    + outcome.failure().getMessage(), outcome.failure());
        }
        return outcome.hello();
    }

    /**
     * Every hello parsed so far, in arrival order, whether or not it was awaited.
     *
     * @return a snapshot
     */
    public List<ClientHello> hellos() {
        return List.copyOf(hellos);
    }

    /**
     * Closes the listener and any connection still being read, and waits up to five seconds for the
     * probe's threads to end.
     *
     * @throws IllegalStateException if a probe thread is still alive after the wait
     */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        Threads.awaitEnd(threads, CLOSE_WAIT, "probe " + address());
    }

    @Override
    public String toString() {
        return "ClientHelloProbe[" + address() + "]";
    }

    private void acceptLoop() {
        int count = 0;
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed on probe " + address(), e);
                }
                return;
            }
            open.add(socket);
            if (closed) {
                closeQuietly(socket);
                return;
            }
            threads.removeIf(thread -> !thread.isAlive());
            Thread reader = new Thread(() -> readHello(socket),
                    "testkit-probe-" + listener.getLocalPort() + "-conn-" + (++count));
            reader.setDaemon(true);
            threads.add(reader);
            reader.start();
        }
    }

    private void readHello(Socket socket) {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            ClientHello hello = ClientHello.read(socket.getInputStream());
            hellos.add(hello);
            outcomes.add(new Outcome(hello, null));
        } catch (IOException e) {
            if (!closed) {
                outcomes.add(new Outcome(null, e));
            }
        } finally {
            open.remove(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: " + closeable, e);
        }
    }
}
