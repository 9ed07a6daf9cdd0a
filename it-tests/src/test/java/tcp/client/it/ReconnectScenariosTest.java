package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.ConnectionEnd;
import tcp.client.testkit.Fds;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section G: reconnection (CS-046 to CS-051). */
@Timeout(60)
class ReconnectScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms. */
    private static final Duration NEVER = Duration.ofMillis(300);

    @TransportTest
    void cs046_connectCloseConnectUsesANewConnection(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertEquals("one\n", echo(client, "one\n"));
            client.close();
            assertFalse(client.isConnected());
            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            assertEquals("two\n", echo(client, "two\n"));
            assertTrue(rec.await(l -> lifecycle(l).size() >= 5, EventRecorder.EVENTUALLY), rec.sequence());
            List<EventRecorder.Event> life = lifecycle(rec.events());
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.CLOSE, ConnState.DIAL, ConnState.NEW),
                    life.stream().map(EventRecorder.Event::state).toList(), rec.sequence());
            int firstPort = ((InetSocketAddress) life.get(1).local()).getPort();
            int secondPort = ((InetSocketAddress) life.get(4).local()).getPort();
            assertNotEquals(firstPort, secondPort, "the second connection uses a new local port");
            assertEquals(2, server.accepted());
        }
    }

    @TransportTest
    void cs047_fiftyConnectWriteCloseCycles(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            for (int i = 0; i < 50; i++) {
                client.connect(Tck.CONNECT);
                String msg = "cycle " + i + "\n";
                assertEquals(msg, echo(client, msg), "cycle " + i);
                client.close();
                assertFalse(client.isConnected(), "cycle " + i);
            }
            assertEquals(50, server.accepted());
            assertTrue(server.awaitOpenConnections(0, EventRecorder.EVENTUALLY));
        }
    }

    @TransportTest
    void cs048_connectWhileConnectedReplacesAndClosesTheOld(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertEquals("old\n", echo(client, "old\n"));
            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            assertTrue(rec.await(l -> lifecycle(l).size() >= 5, EventRecorder.EVENTUALLY), rec.sequence());
            List<EventRecorder.Event> life = lifecycle(rec.events());
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.DIAL, ConnState.NEW, ConnState.CLOSE),
                    life.stream().map(EventRecorder.Event::state).toList(), rec.sequence());
            EventRecorder.Event oldNew = life.get(1);
            EventRecorder.Event newNew = life.get(3);
            EventRecorder.Event closed = life.get(4);
            assertNotEquals(oldNew.local(), newNew.local(), "NEW carries the new connection's addresses");
            assertEquals(oldNew.local(), closed.local(), "CLOSE carries the old connection's addresses");
            assertEquals(oldNew.remote(), closed.remote());
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY), "the server sees the old connection closed");
            ConnectionEnd end = server.events().get(0);
            assertEquals(oldNew.local(), end.remote(), end.toString());
            assertTrue(server.awaitOpenConnections(1, EventRecorder.EVENTUALLY), server.openConnections() + " open");
            assertEquals("new\n", echo(client, "new\n"));
        }
    }

    @TransportTest
    void cs048_replacingAConnectionThePeerResetClosesIt(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            client.write(new byte[] {'x'});
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY), "the server reset the first connection");
            long fdsBefore = Fds.openFileDescriptors();
            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            assertTrue(server.awaitOpenConnections(1, EventRecorder.EVENTUALLY));
            assertTrue(rec.await(l -> lifecycle(l).size() >= 5, EventRecorder.EVENTUALLY), rec.sequence());
            List<EventRecorder.Event> life = lifecycle(rec.events());
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.DIAL, ConnState.NEW, ConnState.CLOSE),
                    life.stream().map(EventRecorder.Event::state).toList(), rec.sequence());
            assertEquals(life.get(1).local(), life.get(4).local(), "CLOSE reports the reset connection");
            if (fdsBefore >= 0) { // -1: no /proc/self/fd on this platform
                // +1 client socket and +1 server socket for the new connection; the reset one is released.
                assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, fdsBefore + 1, EventRecorder.EVENTUALLY),
                        "the reset connection's socket must be released: " + fdsBefore + " fds before, "
                                + Fds.openFileDescriptors() + " after");
            }
        }
    }

    @TransportTest
    void cs049_failedReconnectKeepsTheOldConnection(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertEquals("before\n", echo(client, "before\n"));
            server.closeListener();
            assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT));
            assertTrue(client.isConnected(), "a failed connect leaves the current connection");
            assertEquals("after\n", echo(client, "after\n"));
            assertFalse(rec.awaitState(ConnState.CLOSE, NEVER), "the old connection is not closed: " + rec.sequence());
            assertEquals(1, server.openConnections());
        }
    }

    @TransportTest
    void cs050_reconnectAfterServerRestart(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertEquals("up\n", echo(client, "up\n"));
            server.closeListener();
            client.close();
            assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT));
            assertFalse(client.isConnected());
            server.reopenListener();
            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            assertEquals("again\n", echo(client, "again\n"));
        }
    }

    @TransportTest
    void cs051_disablingTlsAppliesAtTheNextConnect(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertTrue(client.tlsSession().isPresent());
            client.setTLS(false, null, null);
            assertTrue(client.tlsSession().isPresent(), "the current connection is untouched");
            assertEquals("still tls\n", echo(client, "still tls\n"));
            // Plain TCP to a TLS server: the TCP connect succeeds, there is just no TLS any more.
            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            assertTrue(client.tlsSession().isEmpty(), "the next connection is plain");
        }
    }

    @TransportTest
    void cs051_enablingTlsAppliesAtTheNextConnect(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            client.setTLS(true, Tck.trustTestRoot(), "");
            assertTrue(client.tlsSession().isEmpty(), "the current connection is untouched");
            assertEquals("still plain\n", echo(client, "still plain\n"));
            // The next connect speaks TLS to a plain echo server, which fails; the old one stays.
            assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
            assertTrue(client.isConnected());
            assertEquals("plain again\n", echo(client, "plain again\n"));
        }
    }

    /** The lifecycle events (no READ, WRITE or errors). */
    private static List<EventRecorder.Event> lifecycle(List<EventRecorder.Event> events) {
        return events.stream()
                .filter(e -> !e.isError() && e.state() != ConnState.READ && e.state() != ConnState.WRITE)
                .toList();
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] out = text.getBytes(UTF_8);
        assertEquals(out.length, client.write(out));
        return new String(client.inputStream().readNBytes(out.length), UTF_8);
    }
}
