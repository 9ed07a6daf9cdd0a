package tcp.client.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * What plain and TLS connections share: a blocking, interruptible {@link SocketChannel} under
 * them, the streams they read and write, and the addresses, read once.
 */
abstract class ChannelConnection implements Connection {
    final SocketChannel channel;
    final InputStream in;
    final OutputStream out;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    /** Set by {@link #close()} before anything is closed. */
    volatile boolean closed;

    /**
     * @param channel connected, in blocking mode
     * @param in the stream to read: the channel's, or the TLS socket's
     * @param out the stream to write
     */
    ChannelConnection(SocketChannel channel, InputStream in, OutputStream out) throws IOException {
        this.channel = channel;
        this.in = in;
        this.out = out;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0 && closed) {
            // Some providers report a locally closed socket as end of stream.
            throw new SocketException("Socket closed");
        }
        return n;
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
    public <T> Optional<T> socketOption(SocketOption<T> option) {
        try {
            return channel.supportedOptions().contains(option)
                    ? Optional.ofNullable(channel.getOption(option)) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
