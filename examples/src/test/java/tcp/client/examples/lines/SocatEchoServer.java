package tcp.client.examples.lines;

import java.time.Duration;
import java.util.List;
import tcp.client.testkit.ServerProcess;

/**
 * A real line echo server: {@code socat TCP-LISTEN:PORT,bind=127.0.0.1,reuseaddr,fork EXEC:cat},
 * one {@code cat} per connection. Without socat on the PATH, {@link #start} throws: the test fails
 * rather than skips. {@link #close()} ends socat and every {@code cat} it forked, so that a
 * connection to it ends as it would when a real server restarts.
 */
public final class SocatEchoServer implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(10);

    private final ServerProcess process;

    private SocatEchoServer(ServerProcess process) {
        this.process = process;
    }

    /**
     * Starts socat on a free port.
     *
     * @return the running server
     * @throws IllegalStateException if socat is missing or does not listen
     */
    public static SocatEchoServer start() {
        return new SocatEchoServer(ServerProcess.startOnFreePort(SocatEchoServer::command, READY));
    }

    /**
     * Starts socat on {@code port}: again on the port of a server just closed, for a restart.
     *
     * @param port the port
     * @return the running server
     * @throws IllegalStateException if socat is missing or does not listen within 10 s
     */
    public static SocatEchoServer start(int port) {
        return new SocatEchoServer(ServerProcess.start(command(port), port, READY));
    }

    private static List<String> command(int port) {
        return List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", "EXEC:cat");
    }

    /**
     * The port.
     *
     * @return the port socat listens on
     */
    public int port() {
        return process.port();
    }

    /**
     * The address to dial.
     *
     * @return {@code "127.0.0.1:" + port()}
     */
    public String address() {
        return process.address();
    }

    /** Ends socat and the {@code cat} of every connection, and waits until they are gone. */
    @Override
    public void close() {
        process.close();
    }
}
