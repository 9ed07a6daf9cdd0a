package tcp.client.transport.conscrypt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.spi.Connection;

/**
 * A TLS connection through Conscrypt: the base's connection, with a TLS half-close that sends
 * close_notify (see {@link CloseNotify}). Thread-safe as the connection it wraps.
 */
final class ConscryptConnection implements Connection {
    private final Connection delegate;
    private final SSLSocket socket;
    private final Socket raw;
    private volatile boolean outputShutdown;

    /**
     * @param delegate the base's connection over {@code socket}
     * @param socket Conscrypt's socket, handshaken
     * @param raw the TCP socket under it
     */
    ConscryptConnection(Connection delegate, SSLSocket socket, Socket raw) {
        this.delegate = delegate;
        this.socket = socket;
        this.raw = raw;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return delegate.read(b, off, len);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (outputShutdown) {
            // Checked here: BoringSSL would refuse the write too, but by closing both ways.
            throw new SocketException("Socket output is shutdown");
        }
        delegate.write(b, off, len);
    }

    /**
     * Sends close_notify, then shuts TCP down for writing; reads go on until the peer's own
     * close_notify.
     *
     * @throws UnsupportedOperationException naming the transport where this Conscrypt version's
     *     internals do not allow it, with the reason as the cause
     */
    @Override
    public void shutdownOutput() throws IOException {
        CloseNotify.send(socket, raw);
        outputShutdown = true;
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return delegate.tlsSession();
    }

    @Override
    public <T> Optional<T> socketOption(SocketOption<T> option) {
        return delegate.socketOption(option);
    }

    @Override
    public void close() throws IOException {
        try {
            delegate.close();
        } finally {
            NativeRelease.free(socket);
        }
    }
}
