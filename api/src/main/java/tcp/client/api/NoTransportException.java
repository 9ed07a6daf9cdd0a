package tcp.client.api;

/**
 * Thrown when no transport fits: none is on the path, the one asked for is missing, or it cannot
 * work here. The message lists every transport found with its state and names the module to add;
 * the reasons of unavailable transports are attached as suppressed exceptions.
 */
public final class NoTransportException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was asked for, what was found and what to add
     */
    public NoTransportException(String message) {
        super(message);
    }
}
