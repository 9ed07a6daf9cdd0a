package tcp.client.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * One connection accepted by {@link TestServer}: the raw TCP socket and, for TLS, the SSL socket
 * layered over it, with the state a behaviour needs to report how the connection ended.
 *
 * <p>Thread-safe for the operations the server and a test use concurrently: {@link #write},
 * {@link #abort()} and the state flags.
 */
final class ServerConnection {

    private static final System.Logger LOG = System.getLogger(TestServer.class.getName());

    private final int id;
    private final Socket raw;
    private final InetSocketAddress remote;
    private final CountDownLatch serverClosing;
    private final EofTap tap;
    private final Object writeLock = new Object();
    private volatile Socket app;
    private volatile boolean aborted;
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile boolean ready;

    ServerConnection(int id, Socket raw, CountDownLatch serverClosing) throws IOException {
        this.id = id;
        this.raw = raw;
        this.remote = (InetSocketAddress) raw.getRemoteSocketAddress();
        this.serverClosing = serverClosing;
        this.tap = new EofTap(raw.getInputStream());
        this.app = raw;
    }

    int id() {
        return id;
    }

    Socket raw() {
        return raw;
    }

    InetSocketAddress remote() {
        return remote;
    }

    /** The stream a TLS layer must read the raw bytes from, so that a TCP end of stream is seen. */
    InputStream tappedRawInput() {
        return tap;
    }

    /** Makes {@code tls}, layered over the raw socket, the socket behaviours talk through. */
    void layer(Socket tls) {
        this.app = tls;
    }

    boolean isTls() {
        return app != raw;
    }

    /** The socket the behaviour talks through: the SSL socket for TLS, the raw socket otherwise. */
    Socket app() {
        return app;
    }

    InputStream input() throws IOException {
        return isTls() ? app.getInputStream() : tap;
    }

    /** The behaviour is about to run: the handshake (if any) is done. */
    void markReady() {
        ready = true;
        settled.countDown();
    }

    /** Serving has ended, ready or not. */
    void markEnded() {
        settled.countDown();
    }

    /** Waits until the connection is ready or has ended; true if ready. */
    boolean awaitReady(Duration max) throws InterruptedIOException {
        try {
            settled.await(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for connection #" + id);
        }
        return ready;
    }

    void write(byte[] data, int off, int len) throws IOException {
        synchronized (writeLock) {
            OutputStream out = app.getOutputStream();
            out.write(data, off, len);
            out.flush();
        }
    }

    void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    /** The ending for an end of stream just read through {@link #input()}. */
    Ending endOfStream() {
        if (!isTls()) {
            return Ending.PEER_EOF;
        }
        // SunJSSE treats a TCP end of stream without close_notify as if close_notify had arrived
        // (unless com.sun.net.ssl.requireCloseNotify is set), so the tap on the raw stream is what
        // tells the two apart: the SSL layer reads exactly one record at a time and never reads past
        // a close_notify.
        return tap.sawEof() ? Ending.PEER_EOF : Ending.CLOSE_NOTIFY;
    }

    /** The ending for an exception thrown while serving. */
    Ending classify(Throwable failure) {
        if (aborted) {
            return Ending.SHUTDOWN;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("connection reset")) {
                return Ending.RESET;
            }
        }
        if (tap.sawEof()) {
            return Ending.PEER_EOF;
        }
        return Ending.ERROR;
    }

    boolean isAborted() {
        return aborted;
    }

    /** Blocks until the server closes; used by behaviours that never read. */
    void awaitServerClosing() throws InterruptedIOException {
        try {
            serverClosing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stalling connection #" + id);
        }
    }

    /**
     * Closes the output (FIN, or close_notify for TLS), then reads and discards until the peer's end
     * of stream or {@code max}, so that closing does not turn unread input into a reset.
     */
    void closeOutputAndDrain(Duration max) {
        try {
            app.shutdownOutput();
            raw.setSoTimeout((int) Math.max(1, max.toMillis()));
            InputStream in = input();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // discard what the client still sends
            }
        } catch (SocketTimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection #" + id + ": peer kept its side open for " + max);
        } catch (IOException | UnsupportedOperationException e) {
            // The peer already went away, or this TLS version cannot half-close; closing is all
            // that is left either way.
            LOG.log(System.Logger.Level.DEBUG, "connection #" + id + ": lingering close cut short", e);
        }
    }

    /** Closes the connection normally (close_notify first for TLS), then the raw socket. */
    void close() {
        try {
            app.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection #" + id + ": close failed", e);
        } finally {
            closeRaw();
        }
    }

    /** Closes the raw socket at once, from any thread, marking the end as a shutdown. */
    void abort() {
        aborted = true;
        closeRaw();
    }

    /** Closes with SO_LINGER 0, so the peer receives a reset; no close_notify is sent. */
    void reset() throws IOException {
        raw.setSoLinger(true, 0);
        raw.close();
    }

    private void closeRaw() {
        try {
            raw.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection #" + id + ": closing the socket failed", e);
        }
    }

    /** Passes bytes through, remembering whether the underlying stream reached its end. */
    private static final class EofTap extends InputStream {
        private final InputStream in;
        private volatile boolean eof;

        EofTap(InputStream in) {
            this.in = in;
        }

        boolean sawEof() {
            return eof;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                eof = true;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                eof = true;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() {
            // The SSL layer closes its "consumed" stream when it reaches its end; the socket's
            // lifetime is the server's business, not the stream's.
        }
    }
}
