package tcp.client.api.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import tcp.client.api.TlsSessionInfo;

/** A plain TCP connection over a blocking, interruptible {@link SocketChannel}. */
final class PlainConnection extends ChannelConnection {
    /**
     * @param channel connected, in blocking mode, with its read timeout already set
     */
    PlainConnection(SocketChannel channel) throws IOException {
        super(channel, channel.socket().getInputStream(), channel.socket().getOutputStream());
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
    boolean buffered() {
        return false;
    }

    @Override
    Idle drain() throws IOException {
        // Readable: data, an end of stream or a reset, so the read cannot block.
        return in.read() < 0 ? Idle.PEER_CLOSED : Idle.UNREAD_INPUT;
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}
