package tcp.client.bench;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The server both sides talk to, in the benchmark's JVM: plain TCP or TLS through SunJSSE, one
 * pooled thread per connection, TCP_NODELAY on, bound to 127.0.0.1 on an ephemeral port.
 *
 * <p>TLS is pinned to TLS 1.3 with {@code TLS_AES_128_GCM_SHA256}, so the SDK and the raw side of a
 * provider (which offer different defaults) negotiate exactly the same thing.
 */
public final class LoopbackServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LoopbackServer.class.getName());
    static final String PROTOCOL = "TLSv1.3";
    static final String SUITE = "TLS_AES_128_GCM_SHA256";
    private static final int BUFFER = 64 * 1024;
    /** A bound on a handshake or a silent peer: no server thread waits for ever. */
    private static final int HANDSHAKE_TIMEOUT_MS = 30_000;

    /** What the server does with each connection. */
    public enum Mode {
        /**
         * Reads an 8-byte big-endian length, then that many bytes, then answers one byte; again
         * until the client closes.
         */
        SINK,
        /** Writes back whatever it reads until the client closes. */
        ECHO,
        /** Closes each connection at once (after the TLS handshake), so the server closes first. */
        CLOSE,
        /** Reads and drops everything until the client closes. */
        DISCARD,
        /** Writes 64 KiB chunks until the client closes. */
        SOURCE,
        /**
         * Reads a request, a 4-byte big-endian payload size and an 8-byte big-endian frame count,
         * then writes that many length-prefixed frames (a 4-byte big-endian length, then the
         * payload), several to a write; again until the client closes.
         */
        FRAMES
    }

    /** The largest payload a {@link Mode#FRAMES} request may ask for. */
    static final int FRAME_MAX = 1 << 20;

    private final Mode mode;
    private final ServerSocket listener;
    private final ExecutorService pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final AtomicInteger failures = new AtomicInteger();

    private LoopbackServer(Mode mode, SSLContext tls) throws IOException {
        this.mode = mode;
        ServerSocket socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        if (socket instanceof SSLServerSocket ssl) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(new String[] {PROTOCOL});
            parameters.setCipherSuites(new String[] {SUITE});
            ssl.setSSLParameters(parameters);
        }
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.listener = socket;
        AtomicInteger count = new AtomicInteger();
        int port = socket.getLocalPort();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-server-" + port + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "bench-server-" + port + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server.
     *
     * @param tls the server context, or null for plain TCP
     */
    public static LoopbackServer start(Mode mode, SSLContext tls) throws IOException {
        return new LoopbackServer(mode, tls);
    }

    /** Where to connect. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** How many connections failed on the server's side (a client's close is no failure). */
    int failures() {
        return failures.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
                return;
            }
            open.add(socket);
            pool.execute(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket ssl) {
                socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
                ssl.startHandshake();
                socket.setSoTimeout(0);
            }
            switch (mode) {
                case SINK -> sink(socket);
                case ECHO -> echo(socket);
                case CLOSE -> { }
                case DISCARD -> discard(socket);
                case SOURCE -> source(socket);
                case FRAMES -> frames(socket);
                default -> throw new IllegalStateException("mode " + mode);
            }
        } catch (EOFException | SocketException e) {
            // The client closed or reset: the normal end of a benchmark connection.
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.log(Level.DEBUG, "connection failed", e);
        } finally {
            open.remove(socket);
        }
    }

    private static void sink(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[BUFFER];
        while (true) {
            long left;
            try {
                left = in.readLong();
            } catch (EOFException e) {
                return;
            }
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException(left + " bytes short");
                }
                left -= n;
            }
            out.write(1);
            out.flush();
        }
    }

    private static void echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    private static void discard(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[BUFFER];
        while (in.read(buffer) >= 0) {
            // Dropped.
        }
    }

    private static void source(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[BUFFER];
        while (true) {
            out.write(buffer);
        }
    }

    private static void frames(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        while (true) {
            int size;
            long count;
            try {
                size = in.readInt();
                count = in.readLong();
            } catch (EOFException e) {
                return;
            }
            if (size < 0 || size > FRAME_MAX || count < 0) {
                throw new IOException("bad frames request: size " + size + ", count " + count);
            }
            int frame = Integer.BYTES + size;
            int perWrite = Math.max(1, BUFFER / frame);
            byte[] chunk = new byte[perWrite * frame];
            for (int f = 0; f < perWrite; f++) {
                int at = f * frame;
                chunk[at] = (byte) (size >>> 24);
                chunk[at + 1] = (byte) (size >>> 16);
                chunk[at + 2] = (byte) (size >>> 8);
                chunk[at + 3] = (byte) size;
                for (int i = 0; i < size; i++) {
                    chunk[at + Integer.BYTES + i] = (byte) ('a' + i % 26);
                }
            }
            for (long left = count; left > 0; ) {
                int n = (int) Math.min(perWrite, left);
                out.write(chunk, 0, n * frame);
                left -= n;
            }
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a server connection failed", e);
            }
        }
        pool.shutdown();
        try {
            acceptor.join(5_000);
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "server threads still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
