package tcp.client.api.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.SSLSocket;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.spi.TlsContext;

/**
 * A TLS connection: an {@link SSLSocket} layered over a blocking {@link SocketChannel}.
 *
 * <p>Closing sends close_notify when no write is under way and then always closes the channel, so
 * a close can neither hang behind a writer that the peer has stalled nor leave a blocked read
 * waiting: the channel's close makes both fail at once.
 */
final class SslConnection extends ChannelConnection {
    private static final System.Logger LOG = System.getLogger(SslConnection.class.getName());
    /** How long close_notify may take before the socket is closed under it. */
    private static final long CLOSE_NOTIFY_LIMIT_NANOS = Duration.ofSeconds(1).toNanos();
    private static final VarHandle WRITERS;
    /** How long {@link #drain()} waits for application data after the records it found. */
    private static final int DRAIN_LIMIT_MILLIS = 1;

    static {
        try {
            WRITERS = MethodHandles.lookup().findVarHandle(SslConnection.class, "writers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TlsContext context;
    private final SSLSocket socket;
    private final TlsSessionInfo session;
    private final long handshakeNanos;
    /** Writes under way, counted through {@link #WRITERS}: a field, not an object per connection. */
    private volatile int writers;
    private volatile boolean outputShutdown;

    /**
     * @param context the provider's context, for its half-close and release hooks
     * @param socket handshaken, with its read timeout set
     * @param channel the channel under it
     * @param session what the handshake negotiated
     * @param handshakeNanos how long the handshake took
     */
    SslConnection(TlsContext context, SSLSocket socket, SocketChannel channel, TlsSessionInfo session,
                  long handshakeNanos) throws IOException {
        super(channel, socket.getInputStream(), socket.getOutputStream());
        this.context = context;
        this.socket = socket;
        this.session = session;
        this.handshakeNanos = handshakeNanos;
    }

    @Override
    public long handshakeNanos() {
        return handshakeNanos;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (outputShutdown) {
            // Not left to the provider: some (Conscrypt) refuse such a write by closing both ways.
            throw new SocketException("Socket output is shutdown");
        }
        WRITERS.getAndAdd(this, 1);
        try {
            out.write(b, off, len);
        } finally {
            WRITERS.getAndAdd(this, -1);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        context.shutdownOutput(socket, channel.socket());
        outputShutdown = true;
    }

    @Override
    boolean buffered() throws IOException {
        return in.available() > 0;
    }

    @Override
    Idle drain() throws IOException {
        // The socket holds records: handshake messages (session tickets), which the provider
        // consumes without returning anything, or data, close_notify, an alert, an end of stream.
        int readTimeout = socket.getSoTimeout();
        socket.setSoTimeout(DRAIN_LIMIT_MILLIS);
        try {
            if (in.read(new byte[1], 0, 1) < 0) {
                return Idle.PEER_CLOSED;
            }
        } catch (SocketTimeoutException onlyHandshakeRecords) {
            socket.setSoTimeout(readTimeout);
            return Idle.REUSABLE;
        }
        // Not reusable: the caller closes it; the provider may have already.
        try {
            socket.setSoTimeout(readTimeout);
        } catch (IOException closedByTheProvider) {
            LOG.log(Level.DEBUG, "restoring the read timeout after a drain", closedByTheProvider);
        }
        return Idle.UNREAD_INPUT;
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return Optional.of(session);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean notified = writers == 0 && channel.isOpen();
        if (notified) {
            ScheduledFuture<?> limit = Watchdog.schedule(() -> ConnectAttempt.closeQuietly(channel), CLOSE_NOTIFY_LIMIT_NANOS);
            try {
                socket.close();
            } catch (IOException e) {
                // The peer may be gone (reset, half-closed): close_notify is best effort.
                LOG.log(Level.DEBUG, "sending close_notify failed", e);
            } finally {
                limit.cancel(false);
            }
        }
        try {
            channel.close();
        } finally {
            if (!notified) {
                // A write was under way, so close_notify was skipped. The channel is closed now, so
                // this cannot block, and some providers (Conscrypt) release their native state,
                // pipes included, only in SSLSocket.close().
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing the TLS socket after its channel failed", e);
                }
            }
            released();
        }
    }

    private void released() {
        try {
            context.closed(socket);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the transport's release of a closed TLS connection failed", e);
        }
    }
}
