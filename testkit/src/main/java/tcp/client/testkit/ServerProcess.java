package tcp.client.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * A real server run as a child process, listening on a loopback port: {@code redis-server},
 * {@code socat}. {@link #start} returns once the port accepts a connection; what the process
 * prints (standard output and error together) goes to a temporary file, quoted in the exception
 * when it does not start. {@link #close()} ends the process and every process it started (socat's
 * {@code fork}ed children, say) and waits until they are gone, so that the connections to it end
 * as they do when a real server stops.
 *
 * <p>When the program is missing, {@link #start} throws, naming the command: a test that needs a
 * real server fails rather than skips.
 *
 * <pre>{@code
 * try (ServerProcess echo = ServerProcess.startOnFreePort(
 *         port -> List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", "EXEC:cat"),
 *         Duration.ofSeconds(10))) {
 *     // dial echo.address()
 * }
 * }</pre>
 */
public final class ServerProcess implements LoopbackEndpoint, AutoCloseable {
    private static final int ATTEMPTS = 5;
    private static final Duration STOP = Duration.ofSeconds(5);

    private final List<String> command;
    private final int port;
    private final Process process;
    private final Path log;

    private ServerProcess(List<String> command, int port, Process process, Path log) {
        this.command = command;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Runs {@code command}, which is to listen on 127.0.0.1:{@code port}, and waits until it does.
     * Used again with the port of a server just closed, it restarts that server.
     *
     * @param command the program and its arguments
     * @param port the port the command listens on
     * @param ready how long the process may take to listen
     * @return the running server
     * @throws IllegalStateException if the program cannot be run (it is not installed, say), or
     *     if it exits or still does not listen within {@code ready}; the message names the
     *     command and quotes its output
     */
    public static ServerProcess start(List<String> command, int port, Duration ready) {
        List<String> copy = List.copyOf(command);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        Objects.requireNonNull(ready, "ready");
        try {
            return launch(copy, port, ready);
        } catch (NotListening e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Runs the command on a free port and waits until it listens. A port found free can be taken
     * before the process binds it, so a process that exits or does not listen is tried again on
     * other ports, a few times.
     *
     * @param command the command for a port: the program and its arguments
     * @param ready how long each process may take to listen
     * @return the running server
     * @throws IllegalStateException if the program cannot be run (it is not installed, say), or
     *     if no try listened; the message names the command and quotes its output
     */
    public static ServerProcess startOnFreePort(IntFunction<List<String>> command, Duration ready) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(ready, "ready");
        NotListening failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = DeadPort.reserve().port();
            List<String> args = List.copyOf(command.apply(port));
            if (args.isEmpty()) {
                throw new IllegalArgumentException("no command");
            }
            try {
                return launch(args, port, ready);
            } catch (NotListening e) {
                failure = e;
            }
        }
        throw new IllegalStateException(failure.getMessage() + " (" + ATTEMPTS + " ports tried)", failure);
    }

    /** Starts the process and waits until it listens; stops it again if it does not. */
    private static ServerProcess launch(List<String> command, int port, Duration ready) throws NotListening {
        Path log;
        try {
            log = Files.createTempFile("testkit-" + Path.of(command.get(0)).getFileName() + "-" + port + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log file for " + String.join(" ", command), e);
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            deleteQuietly(log);
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage()
                    + " (this test needs " + command.get(0) + " on the PATH: install it)", e);
        }
        ServerProcess server = new ServerProcess(command, port, process, log);
        String failure = server.awaitListening(ready);
        if (failure != null) {
            String output = server.output();
            server.close();
            throw new NotListening(String.join(" ", command) + " " + failure
                    + (output.isEmpty() ? " and printed nothing" : ": " + output));
        }
        return server;
    }

    /** Null once the port accepts; otherwise why it did not. */
    private String awaitListening(Duration ready) {
        long deadline = System.nanoTime() + ready.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Socket probe = new Socket()) {
                probe.connect(socketAddress(), 200);
                return null;
            } catch (IOException notYet) {
                try {
                    // Bounded: waits on the process, which also notices an early exit.
                    if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                        return "exited with status " + process.exitValue() + " before it listened on " + address();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("interrupted while waiting for " + String.join(" ", command)
                            + " to listen on " + address(), e);
                }
            }
        }
        return "did not listen on " + address() + " within "
                + (ready.toMillis() % 1000 == 0 ? ready.toSeconds() + " s" : ready.toMillis() + " ms");
    }

    /**
     * The port the process listens on.
     *
     * @return the port
     */
    @Override
    public int port() {
        return port;
    }

    /**
     * The command that started the process.
     *
     * @return the program and its arguments
     */
    public List<String> command() {
        return command;
    }

    /**
     * What the process has printed so far, standard output and error together.
     *
     * @return the text, stripped; empty once {@link #close()} has removed it
     */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Ends the process and the processes it started, waits until they are gone and removes the
     * output. Idempotent. Interrupted, it kills them forcibly and returns with the flag kept.
     *
     * @throws IllegalStateException if a process is still there after it was killed
     */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                try {
                    child.onExit().get(STOP.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    child.destroyForcibly();
                    child.onExit().get(STOP.toSeconds(), TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a process of " + String.join(" ", command) + " did not end", e);
        } finally {
            deleteQuietly(log);
        }
        if (process.isAlive() && !Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException(String.join(" ", command) + " did not end");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.getLogger(ServerProcess.class.getName()).log(System.Logger.Level.DEBUG, "cannot remove " + file, e);
        }
    }

    @Override
    public String toString() {
        return "ServerProcess[" + command.get(0) + " on " + address() + "]";
    }

    /** The process exited or did not listen: worth a try on another port. */
    private static final class NotListening extends Exception {
        private static final long serialVersionUID = 1L;

        NotListening(String message) {
            super(message);
        }
    }
}
