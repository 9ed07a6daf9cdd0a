package tcp.client.api;

/**
 * Why a client's last connection ended, as {@link ClientTCP#closeReason()} reports it.
 *
 * <p>The reason is the first thing that ended the connection: a connection the peer reset is
 * {@link #RESET} even when the application calls {@code close()} afterwards.
 */
public enum CloseReason {
    /** The application closed it ({@link ClientTCP#close()}, or a connect that replaced it). */
    LOCAL,
    /** The peer ended it in order: a TCP end of stream, or a TLS close_notify. */
    PEER_CLOSED,
    /** The peer (or a box on the path) reset it: {@code Connection reset}, or a write after the reset. */
    RESET,
    /**
     * Keep-alive found the peer gone ({@code Connection timed out}), or a read timed out and the
     * application closed the connection before any later read succeeded.
     */
    TIMEOUT,
    /** TLS failed on an established connection: a fatal alert was received or sent. */
    TLS_ALERT,
    /** Any other I/O failure of an established connection. */
    IO_ERROR
}
