package tcp.client.api.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Optional;
import tcp.client.api.CloseReason;
import tcp.client.api.TlsSessionInfo;

/**
 * One established connection, plain or TLS.
 *
 * <p>One thread may read while another writes; {@link #close()} may be called from any thread at
 * any time and must make a blocked read or write fail promptly with an {@code IOException}.
 */
interface Connection extends Closeable {
    /**
     * Reads up to {@code len} bytes, blocking until at least one is available.
     *
     * @return the count read, or -1 at the peer's end of stream (never after a local close: a read
     *     that a local close interrupted throws)
     * @throws java.net.SocketTimeoutException when the read timeout passed; the connection stays
     *     usable
     */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * Bytes a read would return without blocking, as far as is known here: decrypted bytes over
     * TLS, the kernel's count for plain TCP.
     */
    int available() throws IOException;

    /** Writes all {@code len} bytes, blocking while the peer does not read. */
    void write(byte[] b, int off, int len) throws IOException;

    /**
     * Shuts the outgoing side down (TCP FIN, or TLS close_notify) while reads go on.
     *
     * @throws UnsupportedOperationException naming the transport where TLS half-close is impossible
     */
    void shutdownOutput() throws IOException;

    /** The local address of the socket. */
    InetSocketAddress localAddress();

    /** The peer's resolved address. */
    InetSocketAddress remoteAddress();

    /** What the handshake negotiated; empty for plain TCP. */
    Optional<TlsSessionInfo> tlsSession();

    /**
     * Reads a socket option of the underlying TCP socket, for diagnostics and tests.
     *
     * @return the value, or empty where the platform or transport does not expose it
     */
    <T> Optional<T> socketOption(SocketOption<T> option);

    /**
     * Records the first thing that ended the connection, seen by a read or write; later ones are
     * ignored.
     *
     * @return true if this call recorded it
     */
    boolean markEnded(CloseReason reason);

    /** What {@link #markEnded} recorded, or null. */
    CloseReason ending();

    /**
     * Records whether the last read timed out (a read timeout leaves the connection usable; it
     * counts as its end only if the application closes it before a read succeeds).
     */
    void readTimedOut(boolean timedOut);

    /** Whether the last read timed out. */
    boolean readTimedOut();

    /**
     * Why the connection ended when it is closed now: what ended it, else TIMEOUT after a read
     * timeout, else LOCAL.
     */
    default CloseReason closeReason() {
        CloseReason r = ending();
        return r != null ? r : readTimedOut() ? CloseReason.TIMEOUT : CloseReason.LOCAL;
    }

    /**
     * Checks an idle connection without blocking (no other thread reads or writes it meanwhile):
     * what the kernel holds for it, read only when it holds something.
     */
    Idle probe();

    /** What {@link #probe()} found. */
    enum Idle {
        /** Nothing to read; handshake records the peer sent unasked are consumed and count as nothing. */
        REUSABLE(null),
        /** Application data is waiting: the connection is mid-conversation. */
        UNREAD_INPUT(null),
        /** The peer's end of stream. */
        PEER_CLOSED(CloseReason.PEER_CLOSED),
        /** A reset or another I/O failure. */
        RESET(CloseReason.RESET),
        /** A TLS alert or a broken record. */
        TLS_ALERT(CloseReason.TLS_ALERT);

        /** What ended the connection, or null if nothing did. */
        final CloseReason ending;

        Idle(CloseReason ending) {
            this.ending = ending;
        }

        static Idle ended(CloseReason reason) {
            return reason == CloseReason.PEER_CLOSED ? PEER_CLOSED
                    : reason == CloseReason.TLS_ALERT ? TLS_ALERT : RESET;
        }
    }

    /**
     * Records the client's byte counts and the time when the connection was installed, before it
     * is published; what the connection's end reports is counted from there.
     */
    void installed(long readBefore, long writtenBefore, long nanos);

    /** The client's bytes read when the connection was installed. */
    long readBefore();

    /** The client's bytes written when the connection was installed. */
    long writtenBefore();

    /** {@link System#nanoTime()} when the connection was installed. */
    long installedNanos();

    /** How long the TLS handshake took; -1 for plain TCP. */
    default long handshakeNanos() {
        return -1;
    }

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /**
     * Closes the connection; idempotent. Over TLS sends close_notify when that cannot block, then
     * releases the socket in any case.
     */
    @Override
    void close() throws IOException;
}
