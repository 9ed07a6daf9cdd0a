package tcp.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.conscrypt.Conscrypt;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;

/**
 * A fast TLS 1.3 server for the handshake rows, so that the client's own cost shows: OpenSSL's
 * {@code s_server} as a child process when {@code openssl} is on the machine, else a Conscrypt
 * (BoringSSL) server socket in this JVM. Either presents the bench's server identity (EC P-256
 * leaf and intermediate, {@code CN=localhost}), offers TLS 1.3 with {@code TLS_AES_128_GCM_SHA256}
 * only, listens on 127.0.0.1, and answers a request ({@code GET / HTTP/1.0} and an empty line) with
 * a short page and then closes the connection itself, so the client's ports do not pile up in
 * TIME_WAIT. Reading that answer also makes the client take in the server's session tickets.
 *
 * <p>{@code s_server -www} serves one connection at a time, which suits handshakes made one after
 * another. With {@code tickets} false it issues none ({@code -num_tickets 0}: TLS 1.3's tickets are
 * the only way to resume there; {@code -no_ticket} alone would make them stateful, not absent), so
 * every handshake is a full one; with {@code tickets} true it issues its default two per handshake.
 * {@code -Dbench.fastServer=conscrypt} forces the fallback. The child is destroyed by
 * {@link #close()}, and by a shutdown hook if this JVM exits first.
 */
final class FastTlsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FastTlsServer.class.getName());
    private static final long START_LIMIT_MS = 10_000;
    private static final int TIMEOUT_MS = 30_000;
    private static final byte[] PAGE = "HTTP/1.0 200 ok\r\nContent-Type: text/plain\r\n\r\nok\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress address;
    private final String description;
    private final Process process;
    private final Thread hook;
    private final Path dir;
    private final ServerSocket listener;
    private final ExecutorService threads;

    private FastTlsServer(InetSocketAddress address, String description, Process process, Path dir,
                          ServerSocket listener, ExecutorService threads) {
        this.address = address;
        this.description = description;
        this.process = process;
        this.dir = dir;
        this.listener = listener;
        this.threads = threads;
        if (process != null) {
            this.hook = new Thread(process::destroyForcibly, "bench-fast-server-reaper");
            Runtime.getRuntime().addShutdownHook(hook);
        } else {
            this.hook = null;
        }
    }

    /** The {@code openssl} executable, if there is one on the PATH (or /usr/bin). */
    static Path openssl() {
        if ("conscrypt".equals(System.getProperty("bench.fastServer"))) {
            return null;
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "")
                .split(java.io.File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "openssl"))) {
                return Path.of(d, "openssl");
            }
        }
        return null;
    }

    /**
     * Starts a server.
     *
     * @param tickets whether it issues TLS 1.3 session tickets (resumption possible)
     * @param pki the bench's PKI, for the in-process fallback
     */
    static FastTlsServer start(boolean tickets, Pki pki) throws IOException, GeneralSecurityException {
        Path openssl = openssl();
        return openssl != null ? startOpenssl(openssl, tickets) : startConscrypt(tickets, pki);
    }

    private static FastTlsServer startOpenssl(Path openssl, boolean tickets) throws IOException {
        Path dir = Files.createTempDirectory("bench-fast-server");
        Identity server = TestPki.shared().server();
        Identity.FileSet files = server.writeFiles(dir);
        Path intermediates = dir.resolve("intermediates.pem");
        StringBuilder pem = new StringBuilder();
        List<X509Certificate> chain = server.chain();
        for (X509Certificate c : chain.subList(1, chain.size())) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IOException("cannot encode the intermediate", e);
            }
        }
        Files.writeString(intermediates, pem, StandardCharsets.US_ASCII);
        Path out = dir.resolve("s_server.out");
        List<String> command = new ArrayList<>(List.of(openssl.toString(), "s_server",
                "-accept", "127.0.0.1:0", "-cert", files.certificate().toString(), "-key",
                files.privateKey().toString(), "-cert_chain", intermediates.toString(), "-tls1_3",
                "-ciphersuites", LoopbackServer.SUITE, "-num_tickets", tickets ? "2" : "0", "-www"));
        // Standard input stays an open pipe: s_server ends at its end, as the "Q" command does.
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        FastTlsServer started = null;
        try {
            long deadline = System.currentTimeMillis() + START_LIMIT_MS;
            while (System.currentTimeMillis() < deadline && process.isAlive()) {
                for (String line : Files.readAllLines(out, StandardCharsets.US_ASCII)) {
                    if (line.startsWith("ACCEPT ")) {
                        int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
                        started = new FastTlsServer(new InetSocketAddress("127.0.0.1", port),
                                "openssl s_server (" + versionOf(openssl) + ", -tls1_3 -num_tickets "
                                        + (tickets ? 2 : 0) + " -www, one connection at a time)",
                                process, dir, null, null);
                        return started;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            throw new IOException("openssl s_server did not start: " + String.join(" | ",
                    Files.readAllLines(out, StandardCharsets.US_ASCII)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting openssl s_server", e);
        } finally {
            if (started == null) {
                process.destroyForcibly();
                deleteTree(dir);
            }
        }
    }

    private static String versionOf(Path openssl) {
        try {
            Process p = new ProcessBuilder(openssl.toString(), "version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return v;
        } catch (IOException e) {
            return "version unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "version unknown";
        }
    }

    /**
     * The fallback: a Conscrypt server socket in this JVM (one thread per connection), which needs
     * {@code --add-opens java.base/java.net} for Conscrypt (bench/run gives it).
     */
    private static FastTlsServer startConscrypt(boolean tickets, Pki pki) throws IOException, GeneralSecurityException {
        SSLContext context = pki.serverContext(RawTls.conscryptProvider());
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {LoopbackServer.PROTOCOL});
        // No setCipherSuites: BoringSSL's TLS 1.3 suites are fixed (TLS_AES_128_GCM_SHA256 first),
        // and a list of TLS 1.3 names alone leaves Conscrypt no key type to pick a certificate for
        // (NO_CERTIFICATE_SET).
        socket.setSSLParameters(parameters);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-fast-server");
            t.setDaemon(true);
            return t;
        });
        threads.execute(() -> {
            while (!socket.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) socket.accept();
                    Conscrypt.setUseSessionTickets(s, tickets);
                    threads.execute(() -> serve(s));
                } catch (IOException | RuntimeException e) {
                    if (!socket.isClosed()) {
                        LOG.log(Level.WARNING, "fast server accept failed", e);
                    }
                    return;
                }
            }
        });
        return new FastTlsServer(new InetSocketAddress("127.0.0.1", socket.getLocalPort()),
                "Conscrypt server socket in this JVM (" + (tickets ? "tickets on" : "tickets off") + ")",
                null, null, socket, threads);
    }

    /** Handshakes, reads the request up to its empty line, answers and closes. */
    private static void serve(SSLSocket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            int state = 0;
            int b;
            while (state < 4 && (b = in.read()) >= 0) {
                state = b == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : b == '\r' ? 1 : 0;
            }
            OutputStream out = socket.getOutputStream();
            out.write(PAGE);
            out.flush();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "fast server connection failed", e);
        }
    }

    /** Where to connect: {@code 127.0.0.1} as an address literal. */
    InetSocketAddress address() {
        return address;
    }

    /** What the server is, for the notes. */
    String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            try {
                process.getOutputStream().close();
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook runs anyway.
                }
                deleteTree(dir);
            }
        }
        if (listener != null) {
            listener.close();
            threads.shutdownNow();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
