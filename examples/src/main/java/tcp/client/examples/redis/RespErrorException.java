package tcp.client.examples.redis;

import java.io.IOException;

/** An error reply from Redis ({@code -ERR ...}); the connection that carried it is still usable. */
public final class RespErrorException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the error line without its {@code '-'}, e.g. {@code "ERR unknown command"}
     */
    public RespErrorException(String message) {
        super(message);
    }
}
