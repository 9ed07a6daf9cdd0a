package tcp.client.testkit;

/**
 * How a connection accepted by {@link TestServer} ended, as seen by the server.
 *
 * <p>Thread-safe (an enum).
 */
public enum Ending {
    /**
     * The peer closed the TCP connection (FIN) and the server read end of stream. Over TLS this
     * means the stream ended <em>without</em> a close_notify alert (a truncated connection).
     */
    PEER_EOF,
    /** TLS only: the peer sent a close_notify alert, the clean TLS close. */
    CLOSE_NOTIFY,
    /** The peer reset the connection (RST), e.g. {@code SocketException: Connection reset}. */
    RESET,
    /**
     * The server closed the connection first, as its behaviour prescribes ({@code CLOSER},
     * {@code LINE1}, {@code RESETTER}, a handler that returned, ...).
     */
    SERVER_CLOSED,
    /** The connection was still open when {@link TestServer#close()} closed it. */
    SHUTDOWN,
    /**
     * TLS only: the handshake did not complete, whatever the reason (bad certificate, no common
     * version, the client closing or resetting mid-handshake, a handshake timeout); the exception is
     * in {@link ConnectionEnd#cause()}.
     */
    HANDSHAKE_FAILED,
    /** Any other I/O failure; the exception is in {@link ConnectionEnd#cause()}. */
    ERROR
}
