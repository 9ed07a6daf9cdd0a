package tcp.client.api;

import java.io.IOException;

/**
 * Thrown by I/O on a client that holds no connection: never connected, closed, or whose only
 * connect failed; the Java form of golib's {@code ErrConnection}. The message is always
 * {@code invalid connection}.
 */
public final class NotConnectedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The message of every instance. */
    public static final String MESSAGE = "invalid connection";

    /** Creates the exception. */
    public NotConnectedException() {
        super(MESSAGE);
    }
}
