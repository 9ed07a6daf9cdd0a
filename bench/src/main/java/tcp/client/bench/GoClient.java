package tcp.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tcp.client.testkit.TestPki;

/**
 * The Go side: {@code bench/go}'s client (Go's {@code crypto/tls}), built by {@code bench/run}
 * and run as a child process against the same server as the Java sides, in the same rounds. It
 * trusts the bench's root only, verifies {@value Pki#SERVER_NAME}, speaks TLS 1.3 and keeps no
 * sessions, so each of its handshakes is a full one, as on the Java sides.
 */
final class GoClient {
    private final Path executable;
    private final String version;
    private final Path root;
    private final Duration limit;

    private GoClient(Path executable, String version, Path root, Duration limit) {
        this.executable = executable;
        this.version = version;
        this.root = root;
        this.limit = limit;
    }

    /**
     * The Go client {@code bench/run} built ({@code -Dbench.goClient}), trusting {@code pki}'s root;
     * empty when there is none, {@link #missing()} then says why.
     */
    static Optional<GoClient> find(Pki pki, Duration limit) throws IOException {
        String path = System.getProperty("bench.goClient");
        if (path == null || !Files.isExecutable(Path.of(path))) {
            return Optional.empty();
        }
        Path root = Files.createTempFile("bench-go-root", ".pem");
        root.toFile().deleteOnExit();
        Files.writeString(root, TestPki.pem(new X509Certificate[] {pki.root()}), StandardCharsets.US_ASCII);
        return Optional.of(new GoClient(Path.of(path), System.getProperty("bench.goVersion", "go"), root, limit));
    }

    /** Why there is no Go side. */
    static String missing() {
        return System.getProperty("bench.goMissing", "bench/run did not build the Go side (-Dbench.goClient)");
    }

    String version() {
        return version;
    }

    /** {@code count} full handshakes against {@code server}: each one's time in nanoseconds. */
    long[] handshakes(InetSocketAddress server, int count) throws IOException {
        List<String> lines = run("handshake", "-addr", hostPort(server), "-n", Integer.toString(count));
        long[] nanos = new long[lines.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = Long.parseLong(lines.get(i));
        }
        if (nanos.length != count) {
            throw new IOException("Go client reported " + nanos.length + " of " + count + " handshakes");
        }
        return nanos;
    }

    /**
     * One connection to a {@link LoopbackServer.Mode#SINK} server sending {@code total} bytes in
     * writes of {@code writeSize}: MB/s.
     */
    double throughput(InetSocketAddress sink, long total, int writeSize) throws IOException {
        List<String> lines = run("throughput", "-addr", hostPort(sink), "-bytes", Long.toString(total),
                "-write", Integer.toString(writeSize), "-rounds", "1");
        if (lines.size() != 1) {
            throw new IOException("Go client reported " + lines.size() + " throughput lines, expected 1");
        }
        return Double.parseDouble(lines.get(0));
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Runs the client to its end within the limit; its stdout lines, or an exception with its stderr. */
    private List<String> run(String mode, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), mode, "-ca", root.toString(),
                "-name", Pki.SERVER_NAME, "-limit", Long.toString(limit.toSeconds())));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(limit.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                throw new IOException("Go client " + mode + " overran " + limit);
            }
            int status = process.exitValue();
            if (status != 0) {
                throw new IOException("Go client " + mode + " exited with " + status + ": " + err.join().strip());
            }
            return out.join().lines().filter(l -> !l.isBlank()).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the Go client ran", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
