package tcp.client.api;

import java.io.IOException;

/**
 * Reported to the error callback when a client gives up reconnecting: its
 * {@linkplain ReconnectPolicy#withMaxAttempts(int) maximum} of consecutive attempts failed. The
 * cause is the last attempt's failure; the client stays disconnected until the application
 * connects it again.
 */
public class ReconnectFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** How many attempts failed in a row; positive. */
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param target the address the client dialed, for the message
     * @param attempts how many attempts failed in a row; positive
     * @param lastFailure the last attempt's failure, the cause
     */
    public ReconnectFailedException(String target, int attempts, Throwable lastFailure) {
        super("reconnecting to " + target + " failed " + attempts + (attempts == 1 ? " time" : " times")
                + "; giving up: " + lastFailure, lastFailure);
        this.attempts = attempts;
    }

    /** How many attempts failed in a row before the client gave up. */
    public int attempts() {
        return attempts;
    }
}
