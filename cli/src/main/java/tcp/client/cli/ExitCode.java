package tcp.client.cli;

/** The exit statuses of {@code tcpc}. */
final class ExitCode {
    /** Success. */
    static final int OK = 0;
    /** Any other failure, such as a demo transport that failed or no transport on the path. */
    static final int FAILURE = 1;
    /** A bad command line: unknown option, malformed address or duration, unreadable file. */
    static final int USAGE = 2;
    /** The connection could not be made: refused, unknown host, timeout, TLS handshake or trust. */
    static final int CONNECT = 3;
    /** The connection failed after it was made, or the standard streams did. */
    static final int IO = 4;

    private ExitCode() {
    }
}
