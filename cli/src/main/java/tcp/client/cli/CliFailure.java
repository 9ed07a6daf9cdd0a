package tcp.client.cli;

/**
 * A failure whose one-line message is ready for the user and whose exit status is decided;
 * {@link FailureReporter} prints it.
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
