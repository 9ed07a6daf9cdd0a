package tcp.client.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    private final Path dir;
    /** Replaced by {@link #restart()}. */
    private volatile ServerProcess process;

    private RedisServer(Path dir, ServerProcess process) {
        this.dir = dir;
        this.process = process;
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
        try {
            List<String> tlsFiles = tls ? tlsFiles(dir, clientAuth) : List.of();
            return new RedisServer(dir, ServerProcess.startOnFreePort(port -> command(dir, tlsFiles, port), READY));
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** Writes the server's identity and the root into {@code dir}; the options that name them. */
    private static List<String> tlsFiles(Path dir, boolean clientAuth) {
        try {
            TestPki pki = TestPki.shared();
            Identity.FileSet files = pki.server().writeFiles(dir);
            Path ca = dir.resolve("root.pem");
            Files.writeString(ca, pki.rootPem(), StandardCharsets.US_ASCII);
            return List.of("--tls-cert-file", files.chain().toString(), "--tls-key-file", files.privateKey().toString(),
                    "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", clientAuth ? "yes" : "no");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS files of redis-server into " + dir, e);
        }
    }

    /** Plain on {@code port}, or with {@code tlsFiles} TLS only on {@code port}. */
    private static List<String> command(Path dir, List<String> tlsFiles, int port) {
        List<String> args = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"));
        if (tlsFiles.isEmpty()) {
            args.addAll(List.of("--port", Integer.toString(port)));
        } else {
            args.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
            args.addAll(tlsFiles);
        }
        return args;
    }

    /**
     * Restarts the server on the same port, the way an operator does: the process is stopped (its
     * connections end with it, as the kernel ends them) and a new one started with the same
     * settings; returns once the new one listens.
     *
     * @throws IllegalStateException if the new process does not listen
     */
    public void restart() {
        ServerProcess stopped = process;
        stopped.close();
        process = ServerProcess.start(stopped.command(), stopped.port(), READY);
    }

    /** The port (the TLS port for a TLS server). */
    @Override
    public int port() {
        return process.port();
    }

    /** Stops the server and removes its directory. Idempotent. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            deleteQuietly(dir);
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
