package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tcp.client.api.ClientTCP;
import tcp.client.api.CloseReason;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsVersion;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section AE: asking an idle connection whether it can be reused (CS-213 to CS-216). */
@Timeout(60)
class ReuseScenariosTest {
    /** How long the positive checks go on: well past the server's post-handshake records. */
    private static final Duration WATCH = Duration.ofMillis(100);
    private static final int WATCH_CHECKS = 50;
    @RegisterExtension
    static final SharedRedis redis = SharedRedis.tls(false);

    @TransportTest
    void cs213_idlePlainConnectionIsReusableAndLosesNothing(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertFalse(client.isReusable(), "not connected yet");
            client.connect(Tck.CONNECT);
            assertStaysReusable(client);
            byte[] line = "still in step\n".getBytes(UTF_8);
            client.write(line);
            assertArrayEquals(line, Tck.readExactly(client, line.length));
            assertTrue(client.isReusable(), "after a complete exchange");
        }
    }

    @TransportTest
    void cs213_idleTls13ConnectionIsReusableThroughItsSessionTickets(String transport) throws Exception {
        assertTlsReusable(transport, TlsVersion.TLS_1_3, "TLSv1.3");
    }

    @TransportTest
    void cs213_idleTls12ConnectionIsReusable(String transport) throws Exception {
        assertTlsReusable(transport, TlsVersion.TLS_1_2, "TLSv1.2");
    }

    private static void assertTlsReusable(String transport, TlsVersion version, String protocol) throws Exception {
        TlsConfig tls = TlsConfig.builder().rootCa(TestPki.shared().root()).versionMin(version).versionMax(version).build();
        try (ClientTCP client = Tck.builder(transport, redis.address()).tls(tls, "").build()) {
            client.connect(Tck.CONNECT);
            assertEquals(protocol, client.tlsSession().orElseThrow().protocol());
            // OpenSSL sends its TLS 1.3 tickets after the handshake: they arrive during the watch.
            assertStaysReusable(client);
            FramedClient resp = FramedClient.of(client, FrameCodec.lines());
            resp.writeFrame("PING".getBytes(UTF_8));
            assertEquals("+PONG", new String(resp.readFrame(), UTF_8));
            assertTrue(client.isReusable(), "after a complete exchange");
        }
    }

    @TransportTest
    void cs214_peerThatClosedAnIdleConnectionIsSeenWithoutARead(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertEndSeen(server, client, CloseReason.PEER_CLOSED);
        }
    }

    @TransportTest
    void cs214_peerThatClosedAnIdleTlsConnectionIsSeenWithoutARead(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertEndSeen(server, client, CloseReason.PEER_CLOSED);
        }
    }

    @TransportTest
    void cs215_unreadInputMakesAConnectionNotReusable(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertUnreadSeen(server, client);
        }
    }

    @TransportTest
    void cs215_unreadTlsInputMakesAConnectionNotReusable(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.SILENT);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertUnreadSeen(server, client);
        }
    }

    @TransportTest
    void cs216_resetIdleConnectionIsSeenWithoutARead(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertTrue(client.isReusable());
            client.write(new byte[] {1});
            assertTrue(server.awaitEnds(1, Tck.CONNECT), "the server reset the connection");
            assertTrue(becomesUnusable(client), "the reset was not seen");
            assertTrue(client.isConnected(), "without a policy the connection is held until close()");
            client.close();
            assertEquals(Optional.of(CloseReason.RESET), client.closeReason());
        }
    }

    @TransportTest
    void cs216_timedOutReadMakesAConnectionNotReusable(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = Tck.builder(transport, server.address()).readTimeout(Duration.ofMillis(50)).build()) {
            client.connect(Tck.CONNECT);
            assertTrue(client.isReusable());
            assertThrowsTimeout(client);
            assertFalse(client.isReusable(), "a late answer would reach the next user");
        }
    }

    @TransportTest
    void cs215_availableCountsWhatAReadReturnsAtOnce(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertEquals(0, client.inputStream().available(), "no connection");
            client.connect(Tck.CONNECT);
            assertTrue(server.awaitOpenConnections(1, Tck.CONNECT));
            assertEquals(0, client.inputStream().available());
            assertEquals(1, server.sendToAll("12345678".getBytes(UTF_8)));
            long deadline = System.nanoTime() + Tck.CONNECT.toNanos();
            while (client.inputStream().available() < 8 && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            assertEquals(8, client.inputStream().available());
            assertEquals(3, client.read(new byte[3]));
            assertEquals(5, client.inputStream().available());
        }
    }

    private static void assertThrowsTimeout(ClientTCP client) {
        org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class,
                () -> client.read(new byte[8]));
    }

    private static void assertEndSeen(TestServer server, ClientTCP client, CloseReason expected) throws Exception {
        client.connect(Tck.CONNECT);
        assertTrue(server.awaitOpenConnections(1, Tck.CONNECT));
        assertTrue(client.isReusable());
        assertEquals(1, server.dropConnections());
        assertTrue(becomesUnusable(client), "the peer's end was not seen");
        assertTrue(client.isConnected(), "without a policy the connection is held until close()");
        client.close();
        assertEquals(Optional.of(expected), client.closeReason(), "the end the check found is recorded");
    }

    private static void assertUnreadSeen(TestServer server, ClientTCP client) throws Exception {
        client.connect(Tck.CONNECT);
        assertTrue(server.awaitOpenConnections(1, Tck.CONNECT));
        assertTrue(client.isReusable());
        assertEquals(1, server.sendToAll("unasked\n".getBytes(UTF_8)));
        assertTrue(becomesUnusable(client), "the unread input was not seen");
        client.close();
        assertEquals(Optional.of(CloseReason.LOCAL), client.closeReason(), "unread input is not an end");
    }

    /** Checks, for {@link #WATCH} and at most {@link #WATCH_CHECKS} times, that the client stays reusable. */
    private static void assertStaysReusable(ClientTCP client) {
        long end = System.nanoTime() + WATCH.toNanos();
        for (int i = 0; i < WATCH_CHECKS && System.nanoTime() - end < 0; i++) {
            assertTrue(client.isReusable(), "check " + i);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** Whether the check turns false within {@link Tck#CONNECT}, as what the peer sent arrives. */
    private static boolean becomesUnusable(ClientTCP client) throws IOException {
        long deadline = System.nanoTime() + Tck.CONNECT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!client.isReusable()) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return false;
    }
}
