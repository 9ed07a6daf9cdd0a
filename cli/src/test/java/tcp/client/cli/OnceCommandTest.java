package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

@Timeout(60)
class OnceCommandTest {
    private static final String REQUEST = "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Path caFile;
    private static TestServer http;
    private static TestServer https;

    @BeforeAll
    static void startServers() throws IOException {
        pki = TestPki.create();
        caFile = Files.writeString(dir.resolve("ca.pem"), pki.rootPem(), StandardCharsets.US_ASCII);
        http = TestServer.plain(Behaviour.HTTP);
        https = TestServer.tls(Behaviour.HTTP, TlsServerOptions.builder()
                .identity(pki.server()).clientTrust(pki.root()).build());
    }

    @AfterAll
    static void stopServers() {
        if (https != null) {
            https.close();
        }
        if (http != null) {
            http.close();
        }
    }

    @Test
    void printsThePageOfAPlainHttpServer() {
        CommandRun run = CommandRun.withInput(REQUEST, "once", "--timeout", "5s", http.address());
        assertEquals(ExitCode.OK, run.status(), run.toString());
        assertTrue(run.out().startsWith("HTTP/1.0 200 OK\r\n"), run.toString());
        assertTrue(run.out().endsWith(Behaviour.HTTP_BODY), run.toString());
        assertEquals("", run.err(), run.toString());
    }

    @Test
    void printsThePageOfAnHttpsServerTrustedThroughCa() {
        CommandRun run = CommandRun.withInput(REQUEST, "once", "--tls", "--ca", caFile.toString(),
                "--timeout", "PT5S", "localhost:" + https.port());
        assertEquals(ExitCode.OK, run.status(), run.toString());
        assertTrue(run.out().startsWith("HTTP/1.0 200 OK\r\n"), run.toString());
        assertTrue(run.out().endsWith(Behaviour.HTTP_BODY), run.toString());
        assertEquals("", run.err(), run.toString());
    }

    @Test
    void wrongServerNameFailsWithOneLineAndNoStackTrace() {
        CommandRun run = CommandRun.withInput(REQUEST, "once", "--tls", "--ca", caFile.toString(),
                "--server-name", "wrong.example", "localhost:" + https.port());
        assertEquals(ExitCode.CONNECT, run.status(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("tcpc: connect to localhost:" + https.port() + " failed: "), run.toString());
        assertTrue(run.err().contains("\"wrong.example\""), run.toString());
        assertFalse(run.err().contains("\tat "), run.toString());
        assertEquals("", run.out(), run.toString());
    }

    @Test
    void untrustedCertificateFailsWithOneLine() throws IOException {
        Path untrusted = Files.writeString(dir.resolve("untrusted.pem"), pki.untrustedRootPem(),
                StandardCharsets.US_ASCII);
        CommandRun run = CommandRun.withInput(REQUEST, "once", "--tls", "--ca", untrusted.toString(),
                "localhost:" + https.port());
        assertEquals(ExitCode.CONNECT, run.status(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains("not trusted"), run.toString());
    }

    @Test
    void refusedConnectionFailsWithOneLine() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        CommandRun run = CommandRun.withInput(REQUEST, "once", "127.0.0.1:" + port);
        assertEquals(ExitCode.CONNECT, run.status(), run.toString());
        assertEquals(List.of("tcpc: connect to 127.0.0.1:" + port + " failed: connection refused"), run.errLines());
    }
}
