package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.CloseReason;
import tcp.client.api.NotConnectedException;
import tcp.client.api.ReconnectPolicy;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section Y: close reasons (CS-185 to CS-189). */
@Timeout(60)
class CloseReasonScenariosTest {
    /** Long enough that the reason can be read before a reconnection replaces the connection. */
    private static final ReconnectPolicy SLOW = ReconnectPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(2));

    @TransportTest
    void cs185_localCloseAndTheStatesAround(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertEquals(Optional.empty(), client.closeReason(), "before the first connection");
            client.connect(Tck.CONNECT);
            assertEquals(Optional.empty(), client.closeReason(), "while connected");
            client.close();
            assertEquals(Optional.of(CloseReason.LOCAL), client.closeReason());
            client.connect(Tck.CONNECT);
            assertEquals(Optional.empty(), client.closeReason(), "connected again");
        }
    }

    @TransportTest
    void cs186_peerClosedPlain(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.CLOSER);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertPeerClosed(client);
        }
    }

    @TransportTest
    void cs186_peerClosedWithCloseNotify(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.CLOSER);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertPeerClosed(client);
        }
    }

    @TransportTest
    void cs186_peerClosedIsReportedAtOnceWithAPolicy(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.CLOSER);
             ClientTCP client = Tck.builder(transport, server.address()).tls(Tck.trustTestRoot(), "")
                     .reconnect(SLOW).build()) {
            client.connect(Tck.CONNECT);
            assertEquals(-1, client.read(new byte[8]));
            assertFalse(client.isConnected());
            assertEquals(Optional.of(CloseReason.PEER_CLOSED), client.closeReason());
            client.close();
            assertEquals(Optional.of(CloseReason.PEER_CLOSED), client.closeReason(), "close() after the end keeps it");
        }
    }

    private static void assertPeerClosed(ClientTCP client) throws IOException {
        client.connect(Tck.CONNECT);
        assertEquals(-1, client.read(new byte[8]));
        assertTrue(client.isConnected(), "without a policy the connection is held until close()");
        assertEquals(Optional.empty(), client.closeReason());
        client.close();
        assertEquals(Optional.of(CloseReason.PEER_CLOSED), client.closeReason());
    }

    @TransportTest
    void cs187_reset(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertReset(client);
        }
    }

    @TransportTest
    void cs187_resetUnderTls(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.RESETTER);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertReset(client);
        }
    }

    @TransportTest
    void cs187_resetIsReportedAtOnceWithAPolicy(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.RESETTER);
             ClientTCP client = Tck.builder(transport, server.address()).tls(Tck.trustTestRoot(), "")
                     .reconnect(SLOW).build()) {
            client.connect(Tck.CONNECT);
            client.write(bytes("x"));
            IOException e = assertThrows(IOException.class, () -> client.read(new byte[8]));
            assertFalse(e instanceof NotConnectedException, e::toString);
            assertFalse(client.isConnected());
            assertEquals(Optional.of(CloseReason.RESET), client.closeReason(), e::toString);
        }
    }

    private static void assertReset(ClientTCP client) throws IOException {
        client.connect(Tck.CONNECT);
        client.write(bytes("x"));
        // Never a silent -1: -1 is the peer's orderly end.
        IOException e = assertThrows(IOException.class, () -> client.read(new byte[8]));
        client.close();
        assertEquals(Optional.of(CloseReason.RESET), client.closeReason(), e::toString);
    }

    @TransportTest
    void cs188_fatalTlsAlert(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.CORRUPT_RECORD);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            client.connect(Tck.CONNECT);
            client.write(bytes("x"));
            assertEquals("x", new String(Tck.readExactly(client, 1), UTF_8));
            IOException e = assertThrows(IOException.class, () -> client.read(new byte[8]));
            client.close();
            assertEquals(Optional.of(CloseReason.TLS_ALERT), client.closeReason(), e::toString);
        }
    }

    @TransportTest
    void cs189_readTimeoutThenCloseIsTimeout(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).readTimeout(Duration.ofMillis(100))
                     .reconnect(SLOW).build()) {
            client.connect(Tck.CONNECT);
            assertThrows(SocketTimeoutException.class, () -> client.read(new byte[8]));
            assertTrue(client.isConnected(), "a read timeout ends nothing, even with a policy");
            client.close();
            assertEquals(Optional.of(CloseReason.TIMEOUT), client.closeReason());

            // A read that succeeds after the timeout makes a later close an ordinary one.
            client.connect(Tck.CONNECT);
            assertThrows(SocketTimeoutException.class, () -> client.read(new byte[8]));
            client.write(bytes("y"));
            assertEquals("y", new String(Tck.readExactly(client, 1), UTF_8));
            client.close();
            assertEquals(Optional.of(CloseReason.LOCAL), client.closeReason());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
