package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import tcp.client.api.ReconnectPolicy;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/**
 * {@code tcpc connect --reconnect} across server restarts ({@link TestServer#closeListener()},
 * {@link TestServer#dropConnections()}, {@link TestServer#reopenListener()} on the same port), and
 * {@code connect} without it, which a restart ends as it always did.
 */
@Timeout(60)
class ConnectReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /**
     * One session across a restart: what was echoed before, what was typed while the server was
     * down (sent once it is back), what is typed after; each exactly once, then the usual end.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "tls"})
    void sessionKeepsEchoingAcrossAServerRestart(String kind) throws Exception {
        List<String> args = new ArrayList<>(List.of("connect", "--reconnect"));
        try (TestServer server = server(kind, Behaviour.HALF_CLOSE_ECHO, args);
             InteractiveRun run = InteractiveRun.start(args.toArray(String[]::new))) {
            String address = args.get(args.size() - 1);
            run.type("one\n");
            assertTrue(run.awaitOut("one\n"::equals, WAIT), run.toString());

            server.closeListener();
            assertEquals(1, server.dropConnections(), server.toString());
            assertTrue(run.awaitErr(e -> e.contains("tcpc: connection to " + address + " lost"), WAIT), run.toString());
            assertTrue(Pattern.compile("tcpc: connection to " + Pattern.quote(address)
                    + " lost \\((PEER_CLOSED|RESET|TLS_ALERT|IO_ERROR)\\); reconnecting\\.\\.\\.").matcher(run.err()).find(),
                    run.toString());
            // Typed while nothing listens: held until the reconnection, not lost, not sent twice.
            run.type("two\n");
            assertFalse(run.err().contains("reconnected"), run.toString());

            server.reopenListener();
            assertTrue(run.awaitErr(e -> e.contains("tcpc: reconnected to " + address + " (attempt "), WAIT),
                    run.toString());
            assertTrue(run.awaitOut("one\ntwo\n"::equals, WAIT), run.toString());
            run.type("three\n");
            assertTrue(run.awaitOut("one\ntwo\nthree\n"::equals, WAIT), run.toString());

            // The end of stdin half-closes the new connection; its "bye" and close end the command.
            run.endInput();
            assertEquals(ExitCode.OK, run.awaitStatus(WAIT), run.toString());
            assertEquals("one\ntwo\nthree\nbye", run.out(), run.toString());
            assertEquals(2, server.accepted(), server.toString());
            assertEquals(1, count(run.err(), " lost "), run.toString());
            assertEquals(1, count(run.err(), "reconnected to"), run.toString());
        }
    }

    /** A reset (the server's SO_LINGER 0 close) is named as such, and is bridged too. */
    @Test
    void aResetIsNamedAndBridged() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             InteractiveRun run = InteractiveRun.start("connect", "--reconnect", server.address())) {
            run.type("x");
            assertTrue(run.awaitErr(e -> e.contains("tcpc: connection to " + server.address()
                    + " lost (RESET); reconnecting..."), WAIT), run.toString());
            assertTrue(run.awaitErr(e -> e.contains("tcpc: reconnected to " + server.address()), WAIT), run.toString());
            assertTrue(server.awaitAccepted(2, WAIT), server.toString());
            // RESETTER closes in order at the end of our stream: the end of stdin ends the command.
            run.endInput();
            assertEquals(ExitCode.OK, run.awaitStatus(WAIT), run.toString());
            assertEquals("", run.out(), run.toString());
        }
    }

    /**
     * With a limit of attempts and the server gone for good: the give-up is said, with what was
     * typed and never sent, and the status is 3.
     */
    @Test
    void givingUpSaysSoAndExitsNonZero() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             InteractiveRun run = InteractiveRun.start("connect", "--reconnect", "--reconnect-attempts", "4",
                     "--reconnect-max-delay", "1s", server.address())) {
            run.type("one\n");
            assertTrue(run.awaitOut("one\n"::equals, WAIT), run.toString());

            server.closeListener();
            server.dropConnections();
            assertTrue(run.awaitErr(e -> e.contains("lost"), WAIT), run.toString());
            // Four attempts after 100, 200, 400 and 800 ms (jitter 20%): at least 1.2 s to type this.
            run.type("unsent\n");

            assertEquals(ExitCode.CONNECT, run.awaitStatus(WAIT), run.toString());
            assertTrue(run.err().contains("tcpc: gave up reconnecting to " + server.address()
                    + " after 4 attempts: connection refused; 7 bytes read from stdin not sent"), run.toString());
            assertFalse(run.err().contains("reconnected"), run.toString());
            assertEquals("one\n", run.out(), run.toString());
            assertEquals(1, server.accepted(), server.toString());
        }
    }

    /** Without --reconnect, nothing changed: the server's close ends the session, status 0, no redial. */
    @Test
    void withoutReconnectARestartEndsTheSessionAsBefore() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             InteractiveRun run = InteractiveRun.start("connect", server.address())) {
            run.type("one\n");
            assertTrue(run.awaitOut("one\n"::equals, WAIT), run.toString());

            server.closeListener();
            server.dropConnections();
            server.reopenListener();
            // stdin is still open: the end of the server's stream alone ends the command.
            assertEquals(ExitCode.OK, run.awaitStatus(WAIT), run.toString());
            assertEquals("one\n", run.out(), run.toString());
            assertFalse(run.err().contains("reconnect"), run.toString());
            assertFalse(run.err().contains("lost"), run.toString());
            assertEquals(1, server.accepted(), server.toString());
        }
    }

    /** Piped input with --reconnect: the end of stdin and the server's close end it as without. */
    @Test
    void pipedInputEndsAsWithoutReconnect() throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.HALF_CLOSE_ECHO)) {
            CommandRun run = CommandRun.withInput("hello\nworld\n", "connect", "--reconnect", server.address());
            assertEquals(ExitCode.OK, run.status(), run.toString());
            assertEquals("hello\nworld\nbye", run.out(), run.toString());
            assertFalse(run.err().contains("lost"), run.toString());
            assertEquals(1, server.accepted(), server.toString());
        }
    }

    @Test
    void theFirstConnectIsNotRetried() {
        CommandRun run = CommandRun.of("connect", "--reconnect", "--timeout", "2s", "127.0.0.1:1");
        assertEquals(ExitCode.CONNECT, run.status(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains("connect to 127.0.0.1:1 failed"), run.toString());
    }

    @Test
    void thePolicyHasTheDocumentedDefaults() {
        assertEquals(ReconnectPolicy.none(), policy("connect", "127.0.0.1:1"));
        assertEquals(ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(5)),
                policy("connect", "--reconnect", "127.0.0.1:1"));
        assertEquals(ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(30)).withMaxAttempts(7),
                policy("connect", "--reconnect", "--reconnect-max-delay", "30s", "--reconnect-attempts", "7",
                        "127.0.0.1:1"));
        // A maximum below the first delay caps that one too.
        assertEquals(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(50)),
                policy("connect", "--reconnect", "--reconnect-max-delay", "50ms", "127.0.0.1:1"));
    }

    private static ReconnectPolicy policy(String... args) {
        CommandLine cl = Main.commandLine(new Stdio(System.in, System.out, System.err, false));
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        ConnectCommand connect = (ConnectCommand) parsed.subcommand().commandSpec().userObject();
        return connect.reconnectPolicy();
    }

    /** A server of {@code kind}, adding the client options for it and its address to {@code args}. */
    private TestServer server(String kind, Behaviour behaviour, List<String> args) throws IOException {
        if (kind.equals("plain")) {
            TestServer server = TestServer.plain(behaviour);
            args.add(server.address());
            return server;
        }
        TestPki pki = TestPki.create();
        Path ca = Files.writeString(dir.resolve("ca.pem"), pki.rootPem(), StandardCharsets.US_ASCII);
        TestServer server = TestServer.tls(behaviour, TlsServerOptions.builder()
                .identity(pki.server()).clientTrust(pki.root()).build());
        args.addAll(List.of("--tls", "--ca", ca.toString(), "--transport", "jdk", "localhost:" + server.port()));
        return server;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
