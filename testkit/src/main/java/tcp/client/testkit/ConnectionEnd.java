package tcp.client.testkit;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How one connection accepted by {@link TestServer} ended, recorded when the server side let go of
 * it.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConnectionEnd {

    private final int connection;
    private final InetSocketAddress remote;
    private final Ending ending;
    private final Throwable cause;

    ConnectionEnd(int connection, InetSocketAddress remote, Ending ending, Throwable cause) {
        this.connection = connection;
        this.remote = Objects.requireNonNull(remote, "remote");
        this.ending = Objects.requireNonNull(ending, "ending");
        this.cause = cause;
    }

    /**
     * The connection's number in accept order, starting at 1.
     *
     * @return the connection number
     */
    public int connection() {
        return connection;
    }

    /**
     * The client's address and port as the server saw it.
     *
     * @return the remote address
     */
    public InetSocketAddress remote() {
        return remote;
    }

    /**
     * How the connection ended.
     *
     * @return the ending
     */
    public Ending ending() {
        return ending;
    }

    /**
     * The exception that ended the connection, if one did (resets, handshake failures, errors, and
     * the socket-closed exception of a shutdown).
     *
     * @return the exception, or empty
     */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public String toString() {
        return "ConnectionEnd[#" + connection + " from " + remote + ": " + ending
                + (cause == null ? "" : " (" + cause + ")") + "]";
    }
}
