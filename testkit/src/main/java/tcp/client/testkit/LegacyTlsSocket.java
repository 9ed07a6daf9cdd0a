package tcp.client.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

import org.bouncycastle.tls.TlsServerProtocol;

/**
 * A {@link Socket} view of a connection served by Bouncy Castle's low-level TLS protocol, so that
 * behaviours and {@link Handler}s see the same type whatever the engine.
 *
 * <p>Streams are the TLS application streams; addresses, timeouts and linger go to the raw socket.
 * TLS here cannot half-close: {@link #shutdownOutput()} sends close_notify and closes both ways.
 * This object never opens a descriptor of its own (an unconnected {@code Socket} allocates none).
 * Thread-safety as for {@link Socket}.
 */
final class LegacyTlsSocket extends Socket {

    private final Socket raw;
    private final TlsServerProtocol protocol;

    LegacyTlsSocket(Socket raw, TlsServerProtocol protocol) {
        this.raw = raw;
        this.protocol = protocol;
    }

    @Override
    public InputStream getInputStream() {
        return protocol.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return protocol.getOutputStream();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            protocol.close();
        } finally {
            raw.close();
        }
    }

    @Override
    public boolean isClosed() {
        return protocol.isClosed() || raw.isClosed();
    }

    @Override
    public void shutdownOutput() throws IOException {
        protocol.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        protocol.closeInput();
    }

    @Override
    public boolean isInputShutdown() {
        return protocol.isClosed() || raw.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return protocol.isClosed() || raw.isOutputShutdown();
    }

    @Override
    public boolean isConnected() {
        return raw.isConnected();
    }

    @Override
    public boolean isBound() {
        return raw.isBound();
    }

    @Override
    public InetAddress getInetAddress() {
        return raw.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return raw.getLocalAddress();
    }

    @Override
    public int getPort() {
        return raw.getPort();
    }

    @Override
    public int getLocalPort() {
        return raw.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return raw.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return raw.getLocalSocketAddress();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
        raw.setSoTimeout(timeout);
    }

    @Override
    public synchronized int getSoTimeout() throws SocketException {
        return raw.getSoTimeout();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        raw.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return raw.getSoLinger();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        raw.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return raw.getTcpNoDelay();
    }

    @Override
    public String toString() {
        return "LegacyTlsSocket[" + raw + "]";
    }
}
