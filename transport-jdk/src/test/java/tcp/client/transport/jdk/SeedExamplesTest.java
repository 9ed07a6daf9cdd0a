package tcp.client.transport.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.InvalidAddressException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** The examples of golib's documentation, as tests. */
@Timeout(30)
class SeedExamplesTest {
    @Test
    void echoHello() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.connect(Duration.ofSeconds(5));
            client.write("Hello".getBytes(StandardCharsets.UTF_8));
            byte[] buf = client.inputStream().readNBytes(5);
            assertEquals("Hello", new String(buf, StandardCharsets.UTF_8));
        }
    }

    @Test
    void completeExampleSendsAndReceivesEighteenBytes() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.registerFuncError(errors -> log.add("error: " + errors[0]));
            client.registerFuncInfo((local, remote, state) -> log.add(state.toString()));
            client.connect(Duration.ofSeconds(5));
            assertTrue(client.isConnected());
            byte[] message = "Production message".getBytes(StandardCharsets.UTF_8);
            int written = client.write(message);
            byte[] reply = client.inputStream().readNBytes(message.length);
            String summary = String.format("Sent and received %d bytes successfully", reply.length);
            assertEquals(written, reply.length);
            assertEquals("Sent and received 18 bytes successfully", summary);
            assertEquals("Production message", new String(reply, StandardCharsets.UTF_8));
        }
        assertTrue(log.stream().noneMatch(l -> l.startsWith("error")), log.toString());
    }

    @Test
    void threeMessagesOverOneConnection() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.connect(Duration.ofSeconds(5));
            StringBuilder got = new StringBuilder();
            for (String m : List.of("Msg1", "Msg2", "Msg3")) {
                client.write(m.getBytes(StandardCharsets.UTF_8));
                got.append(new String(client.inputStream().readNBytes(m.length()), StandardCharsets.UTF_8)).append(' ');
            }
            assertEquals("Msg1 Msg2 Msg3", got.toString().trim());
        }
    }

    @Test
    void reconnection() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.connect(Duration.ofSeconds(5));
            client.close();
            assertFalse(client.isConnected());
            client.connect(Duration.ofSeconds(5));
            client.write("again".getBytes(StandardCharsets.UTF_8));
            assertEquals("again", new String(client.inputStream().readNBytes(5), StandardCharsets.UTF_8));
        }
    }

    @Test
    void invalidAddresses() {
        assertEquals("invalid dial address",
                assertThrows(InvalidAddressException.class, () -> ClientTCP.create("")).getMessage());
        InvalidAddressException e = assertThrows(InvalidAddressException.class,
                () -> ClientTCP.create("not-a-valid-address"));
        assertTrue(e.getMessage().startsWith("invalid dial address"), e.getMessage());
    }

    @Test
    void onceWithAnHttpRequest() throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.HTTP);
             ClientTCP client = ClientTCP.create(server.address())) {
            StringBuilder page = new StringBuilder();
            client.once(Duration.ofSeconds(5),
                    new java.io.ByteArrayInputStream("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                    in -> page.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            assertTrue(page.toString().startsWith("HTTP/1.0 200"), page.toString());
            assertTrue(page.toString().endsWith(Behaviour.HTTP_BODY), page.toString());
            assertFalse(client.isConnected());
        }
    }
}
