package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** {@code tcpc connect --lines}. */
@Timeout(60)
class ConnectLinesTest {
    @Test
    void printsWholeLinesWithTheirEndsMadeNewlines() throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.sendThenClose("one\r\ntwo\n\nthree\n"))) {
            CommandRun run = CommandRun.withInput("", "connect", "--lines", server.address());
            assertEquals(ExitCode.OK, run.status(), run.toString());
            assertEquals("one\ntwo\n\nthree\n", run.out(), run.toString());
        }
    }

    @Test
    void aLastLineWithoutItsEndIsAnError() throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.sendThenClose("whole\npartial"))) {
            CommandRun run = CommandRun.withInput("", "connect", "--lines", server.address());
            assertEquals(ExitCode.IO, run.status(), run.toString());
            assertEquals("whole\n", run.out(), run.toString());
            assertTrue(run.err().contains("inside a line"), run.toString());
        }
    }

    @Test
    void linesDoNotGoWithReconnect() {
        CommandRun run = CommandRun.withInput("", "connect", "--lines", "--reconnect", "127.0.0.1:1");
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertTrue(run.err().contains("--lines does not go with --reconnect"), run.toString());
    }
}
