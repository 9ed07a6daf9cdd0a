package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.Transports;
import tcp.client.api.TransportInfo;

@Timeout(60)
class ProvidersCommandTest {

    @Test
    void listsEveryTransportFoundWithItsStateAndTheDefault() {
        CommandRun run = CommandRun.of("providers");
        assertEquals(ExitCode.OK, run.status(), run.toString());
        assertTrue(run.outLines().get(0).startsWith("transport"), run.toString());
        assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("jdk ") && l.contains("available")),
                run.toString());
        for (TransportInfo p : Transports.available()) {
            assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith(p.name() + " ")
                    && l.contains(Integer.toString(p.priority()))), p.name() + " in\n" + run);
        }
        String chosen = Transports.defaultTransport().name();
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches(chosen + " +\\* .*")), run.toString());
        assertTrue(run.out().contains("default: " + chosen), run.toString());
        assertEquals("", run.err(), run.toString());
    }
}
