package tcp.client.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * An address where connects time out: a listener on 127.0.0.1 with backlog 1 that never accepts,
 * whose accept queue is filled with connections until a connect times out. Linux then drops further
 * SYNs, so later connects hang until their timeout.
 *
 * <pre>{@code
 * try (Blackhole hole = Blackhole.open()) {
 *     assertThrows(SocketTimeoutException.class,
 *             () -> new Socket().connect(hole.socketAddress(), 300));
 * }
 * }</pre>
 *
 * <p>No threads. Thread-safe; {@link #close()} is idempotent and closes the filler sockets too.
 */
public final class Blackhole implements LoopbackEndpoint, AutoCloseable {

    /** At most this many filler connects are tried. */
    public static final int MAX_ATTEMPTS = 64;

    private static final int FILL_TIMEOUT_MS = 200;

    private final ServerSocket listener;
    private final List<Socket> fillers;

    private Blackhole(ServerSocket listener, List<Socket> fillers) {
        this.listener = listener;
        this.fillers = fillers;
    }

    /**
     * Opens and fills a blackhole listener.
     *
     * @return the blackhole
     * @throws IOException if the listener cannot bind, or if {@value #MAX_ATTEMPTS} connects all
     *     succeeded, so the platform does not make connects to a full accept queue time out
     */
    public static Blackhole open() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        List<Socket> fillers = new ArrayList<>();
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Socket socket = new Socket();
                try {
                    socket.connect(target, FILL_TIMEOUT_MS);
                    fillers.add(socket);
                } catch (SocketTimeoutException e) {
                    socket.close();
                    return new Blackhole(listener, fillers);
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            closeAll(listener, fillers, e);
            throw e;
        }
        IOException failure = new IOException("cannot make a blackhole on " + target + ": all " + MAX_ATTEMPTS
                + " connects to a backlog-1 listener that never accepts succeeded, so connects there do"
                + " not time out on this platform");
        closeAll(listener, fillers, failure);
        throw failure;
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
     * How many filler connections sit in the accept queue.
     *
     * @return the count
     */
    public int fillers() {
        return fillers.size();
    }

    /** Closes the filler sockets and the listener. */
    @Override
    public synchronized void close() {
        IOException failure = new IOException("closing blackhole " + address());
        closeAll(listener, fillers, failure);
        if (failure.getSuppressed().length > 0) {
            System.getLogger(Blackhole.class.getName()).log(System.Logger.Level.DEBUG, "close failed", failure);
        }
        fillers.clear();
    }

    @Override
    public String toString() {
        return "Blackhole[" + address() + ", " + fillers.size() + " fillers]";
    }

    private static void closeAll(ServerSocket listener, List<Socket> fillers, Exception into) {
        for (Socket socket : fillers) {
            try {
                socket.close();
            } catch (IOException e) {
                into.addSuppressed(e);
            }
        }
        try {
            listener.close();
        } catch (IOException e) {
            into.addSuppressed(e);
        }
    }
}
