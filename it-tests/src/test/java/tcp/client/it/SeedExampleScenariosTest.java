package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.InvalidAddressException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section U: the seed's examples (CS-168 to CS-173), plain and over TLS. */
@Timeout(30)
@SuppressWarnings("try") // close() on a try-with-resources client is part of what is tested
class SeedExampleScenariosTest {

    @TransportTest
    void cs168_echoHello(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertEchoHello(client);
        }
    }

    @TransportTest
    void cs168_echoHelloOverTls(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertEchoHello(client);
        }
    }

    @TransportTest
    void cs169_theCompleteExample(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertCompleteExample(client);
        }
    }

    @TransportTest
    void cs169_theCompleteExampleOverTls(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertCompleteExample(client);
        }
    }

    @TransportTest
    void cs170_threeMessagesOverOneConnection(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Duration.ofSeconds(5));
            StringBuilder got = new StringBuilder();
            for (String message : List.of("Msg1", "Msg2", "Msg3")) {
                client.write(bytes(message));
                got.append(new String(Tck.readExactly(client, message.length()), UTF_8)).append(' ');
            }
            assertEquals("Msg1 Msg2 Msg3", got.toString().trim());
            assertEquals(1, server.accepted(), "one connection for all three");
        }
    }

    @TransportTest
    void cs171_reconnection(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Duration.ofSeconds(5));
            client.close();
            assertFalse(client.isConnected());

            client.connect(Duration.ofSeconds(5));
            assertTrue(client.isConnected());
            client.write(bytes("again"));
            assertEquals("again", new String(Tck.readExactly(client, 5), UTF_8));
            assertEquals(2, server.accepted());
        }
    }

    @TransportTest
    void cs172_invalidAddressesAreRejected(String transport) {
        for (String address : List.of("", "not-a-valid-address")) {
            InvalidAddressException e = assertThrows(InvalidAddressException.class,
                    () -> Tck.client(transport, address).close(), address);
            assertTrue(e.getMessage().startsWith("invalid dial address"), e.getMessage());
        }
        // Go's exact text for the empty address.
        assertEquals("invalid dial address",
                assertThrows(InvalidAddressException.class, () -> Tck.client(transport, "").close()).getMessage());
    }

    @TransportTest
    void cs173_onceWithAnHttpGet(String transport) throws Exception {
        AtomicReference<String> response = new AtomicReference<>();
        try (TestServer server = TestServer.plain(Behaviour.HTTP);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.once(Duration.ofSeconds(5), new ByteArrayInputStream(bytes("GET / HTTP/1.0\r\n\r\n")),
                    in -> response.set(new String(in.readAllBytes(), UTF_8)));

            assertNotNull(response.get(), "handler not called");
            assertTrue(response.get().startsWith("HTTP/1.0 200 OK\r\n"), response.get());
            assertTrue(response.get().endsWith("\r\n\r\n" + Behaviour.HTTP_BODY), response.get());
            assertFalse(client.isConnected());
        }
    }

    private static void assertEchoHello(ClientTCP client) throws IOException {
        client.connect(Duration.ofSeconds(5));
        assertEquals(5, client.write(bytes("Hello")));
        assertEquals("Hello", new String(Tck.readExactly(client, 5), UTF_8));
    }

    private static void assertCompleteExample(ClientTCP client) throws Exception {
        EventRecorder rec = EventRecorder.on(client);
        client.connect(Duration.ofSeconds(5));
        assertTrue(client.isConnected());

        byte[] message = bytes("Production message");
        int sent = client.write(message);
        byte[] reply = Tck.readExactly(client, message.length);
        String summary = String.format("Sent and received %d bytes successfully", reply.length);

        assertEquals(message.length, sent);
        assertEquals("Production message", new String(reply, UTF_8));
        assertEquals("Sent and received 18 bytes successfully", summary);
        client.close();
        assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
        assertEquals(List.of(), rec.errors());
        assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.WRITE), rec.states().subList(0, 3));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
