package tcp.client.pool;

import java.io.IOException;

/**
 * Thrown by {@link ClientPool#borrow()} when no client became free within the pool's borrow
 * timeout; the message names the timeout and the pool's {@link PoolStats} at that moment.
 */
public class PoolTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out, with the timeout and the pool's state
     */
    public PoolTimeoutException(String message) {
        super(message);
    }
}
