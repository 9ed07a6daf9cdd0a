package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class CommandLineParsingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "once --bogus 127.0.0.1:1                       | Unknown option: '--bogus'",
        "once                                           | Missing required parameter: 'HOST:PORT'",
        "once 127.0.0.1:99999                           | port out of range",
        "once --timeout 5x 127.0.0.1:1                  | '5x' is not a duration",
        "connect --timeout 0s 127.0.0.1:1               | '0s' is not positive",
        "once --ca ca.pem 127.0.0.1:1                   | need --tls",
        "connect --tls --cert c.pem 127.0.0.1:1         | --cert and --key go together",
        "connect --reconnect-attempts 3 127.0.0.1:1     | need --reconnect",
        "connect --reconnect-max-delay 1s 127.0.0.1:1   | need --reconnect",
        "connect --reconnect --reconnect-attempts -1 127.0.0.1:1 | --reconnect-attempts must be 0",
        "connect --reconnect --reconnect-max-delay 0s 127.0.0.1:1 | '0s' is not positive",
        "demo --size 2GiB                               | out of range",
        "demo --round-trips 0                           | --round-trips must be 1 to 100000",
        "frobnicate                                     | Unmatched argument",
    })
    void badCommandLinesExitWithUsageStatusAndOneLine(String args, String expected) {
        CommandRun run = CommandRun.of(args.trim().split("\\s+"));
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("tcpc: "), run.toString());
        assertTrue(run.err().contains(expected), run.toString());
        assertEquals("", run.out(), run.toString());
    }

    @Test
    void unreadableCaFileIsAUsageErrorNamingTheFile() {
        CommandRun run = CommandRun.of("once", "--tls", "--ca", "no/such/ca.pem", "127.0.0.1:1");
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains("no/such/ca.pem"), run.toString());
    }

    @Test
    void unknownTransportIsAUsageErrorListingWhatWasFound() {
        CommandRun run = CommandRun.of("once", "--transport", "nope", "127.0.0.1:1");
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains("\"nope\""), run.toString());
        assertTrue(run.err().contains("jdk"), run.toString());
    }

    @Test
    void verboseAddsTheStackTrace() {
        CommandRun run = CommandRun.of("--verbose", "once", "--tls", "--ca", "no/such/ca.pem", "127.0.0.1:1");
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertTrue(run.errLines().size() > 1, run.toString());
        assertTrue(run.err().contains("\tat "), run.toString());
    }

    @Test
    void versionPrintsTheCliVersion() {
        CommandRun run = CommandRun.of("--version");
        assertEquals(ExitCode.OK, run.status(), run.toString());
        assertTrue(run.out().startsWith("tcpc "), run.toString());
        assertFalse(run.out().contains("${"), run.toString());
    }

    @Test
    void helpListsEverySubcommand() {
        CommandRun run = CommandRun.of("--help");
        assertEquals(ExitCode.OK, run.status(), run.toString());
        for (String command : new String[] {"demo", "providers", "connect", "once"}) {
            assertTrue(run.out().contains("  " + command + " "), command + " in\n" + run);
        }
    }

    @Test
    void subcommandHelpShowsItsOptions() {
        CommandRun run = CommandRun.of("connect", "--help");
        assertEquals(ExitCode.OK, run.status(), run.toString());
        for (String option : new String[] {"--tls", "--ca", "--cert", "--key", "--server-name", "--transport",
            "--alpn", "--timeout", "--reconnect", "--reconnect-max-delay", "--reconnect-attempts", "HOST:PORT"}) {
            assertTrue(run.out().contains(option), option + " in\n" + run);
        }
    }

    @Test
    void noSubcommandPrintsUsageOnStderrWithUsageStatus() {
        CommandRun run = CommandRun.of();
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertTrue(run.err().contains("Usage: tcpc"), run.toString());
        assertEquals("", run.out(), run.toString());
    }
}
