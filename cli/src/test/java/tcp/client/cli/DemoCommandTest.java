package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
    void jfrRecordsTheRunsConnectsAndHandshakesToTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("demo.jfr");
        CommandRun run = CommandRun.of("demo", "--size", "1MiB", "--round-trips", "10", "--transport", "jdk",
                "--jfr", file.toString());
        assertEquals(ExitCode.OK, run.status(), run.toString());
        assertTrue(run.out().contains("JFR recording written to " + file), run.toString());
        assertTrue(run.out().contains("jfr print --events 'tcp.client.*' " + file), run.toString());
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Map<String, Long> counts = events.stream()
                .map(e -> e.getEventType().getName())
                .filter(name -> name.startsWith("tcp.client."))
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()));
        assertTrue(counts.getOrDefault("tcp.client.Handshake", 0L) >= TransportTrial.HANDSHAKES, counts::toString);
        long established = events.stream().filter(e -> e.getEventType().getName().equals("tcp.client.Connect"))
                .filter(e -> e.getString("outcome").equals("ok")).count();
        assertTrue(established > counts.get("tcp.client.Handshake"), "plain connects too: " + counts);
        assertTrue(counts.get("tcp.client.Connect") > established, "the refused wrong name too: " + counts);
        assertEquals(established, counts.get("tcp.client.Close"), "every connection closed: " + counts);
    }

    @Test
    void jfrIntoAMissingDirectoryIsAUsageError(@TempDir Path dir) {
        CommandRun run = CommandRun.of("demo", "--jfr", dir.resolve("no/such/dir/demo.jfr").toString());
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertTrue(run.err().contains("--jfr: no such directory"), run.toString());
    }

    @Test
    void unknownTransportIsAUsageError() {
        CommandRun run = CommandRun.of("demo", "--transport", "nope");
        assertEquals(ExitCode.USAGE, run.status(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains("no transport named \"nope\""), run.toString());
    }
}
