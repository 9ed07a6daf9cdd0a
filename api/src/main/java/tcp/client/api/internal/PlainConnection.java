package tcp.client.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import tcp.client.api.TlsSessionInfo;

/** A plain TCP connection over a blocking, interruptible {@link SocketChannel}. */
final class PlainConnection implements Connection {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private volatile boolean closed;

    /**
     * @param channel connected, in blocking mode, with its read timeout already set
     */
    PlainConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = channel.socket().getInputStream();
        this.out = channel.socket().getOutputStream();
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0 && closed) {
            throw new SocketException("Socket closed");
        }
        return n;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return Optional.empty();
    }

    @Override
    public <T> Optional<T> socketOption(SocketOption<T> option) {
        return SslConnection.option(channel, option);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}
