package tcp.client.examples.lines;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tcp.client.testkit.DeadPort;

/**
 * A real line echo server: {@code socat TCP-LISTEN:PORT,bind=127.0.0.1,reuseaddr,fork EXEC:cat},
 * one {@code cat} per connection. Without socat on the PATH, {@link #start} throws: the test fails
 * rather than skips. {@link #close()} ends socat and every {@code cat} it forked, so that a
 * connection to it ends as it would when a real server restarts.
 */
public final class SocatEchoServer implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path log;

    private SocatEchoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts socat on a free port.
     *
     * @return the running server
     * @throws IOException if socat is missing or does not listen
     */
    public static SocatEchoServer start() throws IOException {
        IOException failure = null;
        // A port found free can be taken before socat binds it: a few tries.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return start(DeadPort.reserve().port());
            } catch (IOException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /**
     * Starts socat on {@code port}: again on the port of a server just closed, for a restart.
     *
     * @param port the port
     * @return the running server
     * @throws IOException if socat is missing or does not listen within 10 s
     */
    public static SocatEchoServer start(int port) throws IOException {
        Path log = Files.createTempFile("socat-" + port + "-", ".log");
        Process process;
        try {
            process = new ProcessBuilder(List.of("socat",
                    "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", "EXEC:cat"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            Files.deleteIfExists(log);
            throw new IOException("socat is needed for this test (install the socat package): " + e.getMessage(), e);
        }
        SocatEchoServer server = new SocatEchoServer(process, port, log);
        if (!server.awaitListening()) {
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            server.close();
            throw new IOException("socat did not listen on 127.0.0.1:" + port + " within " + READY.toSeconds()
                    + " s: " + output);
        }
        return server;
    }

    private boolean awaitListening() throws IOException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                try {
                    // Bounded, and it notices an early exit (the port was taken, say).
                    if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for socat", e);
                }
            }
        }
        return false;
    }

    /**
     * The port.
     *
     * @return the port socat listens on
     */
    public int port() {
        return port;
    }

    /**
     * The address to dial.
     *
     * @return {@code "127.0.0.1:" + port()}
     */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Ends socat and the {@code cat} of every connection, and waits until they are gone. */
    @Override
    public void close() throws IOException {
        List<ProcessHandle> all = process.descendants().toList();
        process.destroy();
        all.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : all) {
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping socat", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            all.forEach(ProcessHandle::destroyForcibly);
            throw new IOException("a process of socat did not end", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
