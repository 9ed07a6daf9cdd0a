package tcp.client.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import tcp.client.api.CloseReason;

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
    private static final VarHandle ENDING;

    static {
        try {
            ENDING = MethodHandles.lookup().findVarHandle(ChannelConnection.class, "ending", CloseReason.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Set by {@link #close()} before anything is closed. */
    volatile boolean closed;
    /** What ended the connection, set once through {@link #ENDING}. */
    private volatile CloseReason ending;
    private volatile boolean readTimedOut;
    /** Set by {@link #installed} before the connection is published through a volatile field. */
    private long readBefore;
    private long writtenBefore;
    private long installedNanos;

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
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public Idle probe() {
        try {
            return buffered() ? Idle.UNREAD_INPUT : !IdlePoll.readable(channel) ? Idle.REUSABLE : drain();
        } catch (IOException e) {
            return Idle.ended(Failures.closeReason(e));
        }
    }

    /** Whether decrypted input waits above the socket, where the kernel's poll cannot see it. */
    abstract boolean buffered() throws IOException;

    /**
     * Reads what the kernel has for this idle connection, which a poll just found readable, and
     * says what it was.
     */
    abstract Idle drain() throws IOException;

    @Override
    public boolean markEnded(CloseReason reason) {
        return ENDING.compareAndSet(this, (CloseReason) null, reason);
    }

    @Override
    public CloseReason ending() {
        return ending;
    }

    @Override
    public void installed(long readBefore, long writtenBefore, long nanos) {
        this.readBefore = readBefore;
        this.writtenBefore = writtenBefore;
        this.installedNanos = nanos;
    }

    @Override
    public long readBefore() {
        return readBefore;
    }

    @Override
    public long writtenBefore() {
        return writtenBefore;
    }

    @Override
    public long installedNanos() {
        return installedNanos;
    }

    @Override
    public void readTimedOut(boolean timedOut) {
        readTimedOut = timedOut;
    }

    @Override
    public boolean readTimedOut() {
        return readTimedOut;
    }

    @Override
    public boolean isClosed() {
        return closed;
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
