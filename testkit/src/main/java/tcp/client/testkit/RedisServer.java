package tcp.client.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the distribution's package) started on a free loopback port, plain
 * or TLS with the shared test PKI's server identity, for scenarios that speak a real protocol.
 * Persistence is off; the server's files live in a temporary directory removed on {@link #close()}.
 *
 * <p>Needs {@code redis-server} on the PATH (Debian's is built with TLS); without it
 * {@link #start} throws, naming what is missing: a test that needs a real server fails rather
 * than skips.
 */
public final class RedisServer implements LoopbackEndpoint, AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(15);
    private static final int ATTEMPTS = 5;

    private final List<String> command;
    private final Path log;
    private final int port;
    private final Path dir;
    /** Replaced by {@link #restart()}. */
    private volatile Process process;

    private RedisServer(List<String> command, Path log, int port, Path dir) {
        this.command = command;
        this.log = log;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts a plain server.
     *
     * @return the running server
     * @throws IllegalStateException if redis-server is missing or does not start
     */
    public static RedisServer plain() {
        return start(false, false);
    }

    /**
     * Starts a TLS-only server presenting {@link TestPki#server()}.
     *
     * @param requireClientCertificate whether clients must present a certificate chaining to the
     *     shared root ({@code --tls-auth-clients yes})
     * @return the running server
     * @throws IllegalStateException if redis-server is missing or does not start
     */
    public static RedisServer tls(boolean requireClientCertificate) {
        return start(true, requireClientCertificate);
    }

    private static RedisServer start(boolean tls, boolean clientAuth) {
        Path dir;
        try {
            dir = Files.createTempDirectory("testkit-redis");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException failure = null;
        // A port found free can be taken before redis binds it: try a few.
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = DeadPort.reserve().port();
            try {
                return launch(dir, port, tls, clientAuth);
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        deleteQuietly(dir);
        throw failure;
    }

    private static RedisServer launch(Path dir, int port, boolean tls, boolean clientAuth) {
        List<String> args = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"));
        try {
            if (tls) {
                TestPki pki = TestPki.shared();
                Identity.FileSet files = pki.server().writeFiles(dir);
                Path ca = dir.resolve("root.pem");
                Files.writeString(ca, pki.rootPem(), StandardCharsets.US_ASCII);
                args.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                        "--tls-cert-file", files.chain().toString(), "--tls-key-file", files.privateKey().toString(),
                        "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", clientAuth ? "yes" : "no"));
            } else {
                args.addAll(List.of("--port", Integer.toString(port)));
            }
            RedisServer server = new RedisServer(List.copyOf(args), dir.resolve("redis-" + port + ".log"), port, dir);
            server.run();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is needed for this test (install the redis-server"
                    + " package): " + e.getMessage(), e);
        }
    }

    /** Starts the process and waits until it listens; stops it again if it does not. */
    private void run() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!awaitListening()) {
            String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
            stop();
            throw new IllegalStateException("redis-server did not listen on 127.0.0.1:" + port + " within "
                    + READY.toSeconds() + " s: " + output);
        }
    }

    /**
     * Restarts the server on the same port, the way an operator does: the process is stopped (its
     * connections end with it, as the kernel ends them) and a new one started with the same
     * settings; returns once the new one listens.
     *
     * @throws IllegalStateException if the new process does not listen
     */
    public void restart() {
        stop();
        try {
            run();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not restart: " + e.getMessage(), e);
        }
    }

    private boolean awaitListening() throws IOException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                try {
                    // Bounded: waits on the process, which also notices an early exit.
                    if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for redis-server", e);
                }
            }
        }
        return false;
    }

    /** The port (the TLS port for a TLS server). */
    @Override
    public int port() {
        return port;
    }

    /** Stops the server and removes its directory. Idempotent. */
    @Override
    public void close() {
        stop();
        deleteQuietly(dir);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.getLogger(RedisServer.class.getName()).log(System.Logger.Level.DEBUG, "cannot remove " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + address() + "]";
    }
}
