package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Ending;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

@Timeout(60)
class ConnectCommandTest {

    @TempDir
    Path dir;

    /** HALF_CLOSE_ECHO says "bye" only after our end of stream, so seeing it proves the half-close. */
    @Test
    void copiesStdinToTheServerHalfClosesAndPrintsTheEcho() throws IOException, InterruptedException {
        try (TestServer server = TestServer.plain(Behaviour.HALF_CLOSE_ECHO)) {
            CommandRun run = CommandRun.withInput("hello\nworld\n", "connect", server.address());
            assertEquals(ExitCode.OK, run.status(), run.toString());
            assertEquals("hello\nworld\nbye", run.out(), run.toString());
            assertTrue(run.err().contains("plain TCP"), run.toString());
            assertTrue(server.awaitEnds(1, Duration.ofSeconds(10)), server.events().toString());
            assertEquals(Ending.PEER_EOF, server.events().get(0).ending());
        }
    }

    @Test
    void statsPrintsTheExactCountsWhenTheSessionEnds() throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.HALF_CLOSE_ECHO)) {
            CommandRun run = CommandRun.withInput("hello\nworld\n", "connect", "--stats", server.address());
            assertEquals(ExitCode.OK, run.status(), run.toString());
            assertTrue(run.err().contains("* stats: 1 connection, 0 reconnections, 15 bytes read, 12 bytes written,"
                    + " 0 errors, 0 callback events dropped\n"), run.toString());
        }
    }

    @Test
    void showsTheTlsSessionOnStderrAndHalfClosesTls() throws IOException {
        TestPki pki = TestPki.create();
        Path ca = Files.writeString(dir.resolve("ca.pem"), pki.rootPem(), StandardCharsets.US_ASCII);
        try (TestServer server = TestServer.tls(Behaviour.HALF_CLOSE_ECHO, TlsServerOptions.builder()
                .identity(pki.server()).clientTrust(pki.root()).build())) {
            CommandRun run = CommandRun.withInput("over tls\n", "connect", "--tls", "--ca", ca.toString(),
                    "--transport", "jdk", "localhost:" + server.port());
            assertEquals(ExitCode.OK, run.status(), run.toString());
            assertEquals("over tls\nbye", run.out(), run.toString());
            assertTrue(run.err().contains("* TLS TLSv1."), run.toString());
            assertTrue(run.err().contains("CN=localhost"), run.toString());
        }
    }

    @Test
    void endsWhenTheServerCloses() throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.sendThenClose("greetings\n"))) {
            CommandRun run = CommandRun.withInput("", "connect", server.address());
            assertEquals(ExitCode.OK, run.status(), run.toString());
            assertEquals("greetings\n", run.out(), run.toString());
        }
    }

    @Test
    void wrongServerNameFailsBeforeAnyByteMoves() throws IOException {
        TestPki pki = TestPki.create();
        Path ca = Files.writeString(dir.resolve("ca.pem"), pki.rootPem(), StandardCharsets.US_ASCII);
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder()
                .identity(pki.server()).clientTrust(pki.root()).build())) {
            CommandRun run = CommandRun.withInput("hello\n", "connect", "--tls", "--ca", ca.toString(),
                    "--server-name", "wrong.example", server.address());
            assertEquals(ExitCode.CONNECT, run.status(), run.toString());
            assertEquals(1, run.errLines().size(), run.toString());
            assertTrue(run.err().contains("\"wrong.example\" not accepted"), run.toString());
            assertEquals("", run.out(), run.toString());
        }
    }
}
