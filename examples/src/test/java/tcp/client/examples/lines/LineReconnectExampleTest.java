package tcp.client.examples.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ConnState;

@Timeout(60)
class LineReconnectExampleTest {

    @Test
    void nextRequestSucceedsAfterTheServerRestartsOnTheSamePort() throws Exception {
        SocatEchoServer server = SocatEchoServer.start();
        int port = server.port();
        try (ReconnectingLineClient client = ReconnectingLineClient.connect(server.address(), Duration.ofSeconds(20))) {
            CountDownLatch reconnected = new CountDownLatch(1);
            client.client().registerFuncInfo((local, remote, state) -> {
                if (state == ConnState.NEW) {
                    reconnected.countDown();
                }
            });
            assertEquals("before the restart", client.request("before the restart"));

            server.close();                         // socat and its cat gone: the connection ends
            server = SocatEchoServer.start(port);   // the same port, a new process

            assertEquals("after the restart", client.request("after the restart"));
            // The old socat and its cat have exited: the answer came from the new process, over a
            // connection the client dialed by itself.
            assertTrue(reconnected.await(10, TimeUnit.SECONDS), "NEW reported for the reconnection");
            assertEquals("and on", client.request("and on"));
        } finally {
            server.close();
        }
    }

    @Test
    void mainLoopPrintsEachAnswer() throws Exception {
        try (SocatEchoServer server = SocatEchoServer.start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            LineReconnectExample.run(server.address(), new BufferedReader(new StringReader("one\ntwo\nthree\n")),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8));
            assertEquals("one\ntwo\nthree\n", out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        }
    }
}
