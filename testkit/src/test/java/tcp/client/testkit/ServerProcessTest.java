package tcp.client.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ServerProcess: how it fails. Its servers (redis-server, socat) are run by the tests that need them. */
@Timeout(60)
class ServerProcessTest {

    @Test
    void aMissingProgramFailsNamingTheCommand() {
        int port = DeadPort.reserve().port();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerProcess.start(List.of("testkit-no-such-server", "--port", "1"), port, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("testkit-no-such-server --port 1"), e.getMessage());
        assertTrue(e.getMessage().contains("on the PATH"), e.getMessage());
    }

    @Test
    void aMissingProgramIsNotTriedOnOtherPorts() {
        int[] tries = {0};
        assertThrows(IllegalStateException.class, () -> ServerProcess.startOnFreePort(port -> {
            tries[0]++;
            return List.of("testkit-no-such-server");
        }, Duration.ofSeconds(5)));
        assertTrue(tries[0] == 1, "tried " + tries[0] + " times");
    }

    @Test
    void anEarlyExitFailsWithItsStatusAndOutput() {
        int port = DeadPort.reserve().port();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServerProcess.start(
                List.of("sh", "-c", "echo cannot bind; exit 3"), port, Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot bind"), e.getMessage());
    }

    @Test
    void aServerThatDoesNotListenFailsAtTheDeadline() {
        int port = DeadPort.reserve().port();
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerProcess.start(List.of("sleep", "30"), port, Duration.ofMillis(300)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("sleep 30 did not listen on 127.0.0.1:" + port + " within 300 ms"),
                e.getMessage());
        // The process was stopped, not waited for.
        assertTrue(elapsedMs < 10_000, "failed after " + elapsedMs + " ms");
    }

    @Test
    void everyTryOnAFreePortIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServerProcess.startOnFreePort(
                port -> List.of("sh", "-c", "exit 1"), Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("5 ports tried"), e.getMessage());
    }
}
