package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.Transports;
import tcp.client.api.TransportInfo;

@Timeout(60)
class DemoCommandTest {

    @Test
    void runsEveryAvailableTransportAndPrintsARowForEach() {
        List<String> available = Transports.available().stream()
                .filter(p -> p.unavailableReason().isEmpty())
                .map(TransportInfo::name)
                .collect(Collectors.toList());
        assertFalse(available.isEmpty());

        CommandRun run = CommandRun.of("demo", "--size", "4MiB", "--round-trips", "50");

        assertEquals(ExitCode.OK, run.status(), run.toString());
        List<String> lines = run.outLines();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("transport  TLS")).findFirst()
                .orElseThrow(() -> new AssertionError("no table in\n" + run)));
        for (String name : available) {
            String row = lines.subList(header + 1, lines.size()).stream()
                    .filter(l -> l.startsWith(name + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + name + " in\n" + run));
            assertTrue(row.matches(name + " +TLSv1\\.[23] +TLS_\\S+ +[0-9.]+ ms +[0-9.]+ (us|ms) +[0-9]+ MiB/s +ok"),
                    row);
        }
        assertTrue(run.out().contains(available.size() == 1 ? "the transport passed"
                : "all " + available.size() + " transports passed"), run.toString());
        assertFalse(run.err().contains("tcpc:"), run.toString());
        assertFalse(run.err().contains("\r"), "no progress bar without a terminal:\n" + run);
    }

    @Test
    void unknownTransportIsAUsageError() {
        CommandRun run = CommandRun.of("demo", "--transport", "nope");
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains("no transport named \"nope\""), run.toString());
    }
}
