package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Ending;
import tcp.client.testkit.Fds;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section F: close (CS-038 to CS-045). */
@Timeout(60)
class CloseScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms. */
    private static final Duration NEVER = Duration.ofMillis(300);
    /** Larger than any loopback socket buffers here, so a write to a peer that does not read blocks. */
    private static final int BLOCKING_WRITE = 32 * 1024 * 1024;

    @TransportTest
    void cs038_closeEmitsOneCloseWithTheConnectionsAddresses(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertTrue(rec.awaitState(ConnState.NEW, EventRecorder.EVENTUALLY), rec.sequence());
            EventRecorder.Event opened = only(rec, ConnState.NEW);
            client.close();
            assertFalse(client.isConnected());
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec.sequence());
            assertFalse(rec.await(l -> l.stream().filter(e -> e.state() == ConnState.CLOSE).count() > 1, NEVER),
                    rec.sequence());
            EventRecorder.Event closed = only(rec, ConnState.CLOSE);
            assertEquals(opened.local(), closed.local(), "CLOSE carries the connection's local address");
            assertEquals(opened.remote(), closed.remote(), "CLOSE carries the connection's remote address");
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY));
            assertEquals(Ending.PEER_EOF, server.events().get(0).ending(), server.events().toString());
            assertEquals(opened.local(), server.events().get(0).remote());
            assertTrue(rec.errors().isEmpty(), rec.sequence());
        }
    }

    @TransportTest
    void cs039_closeWithoutConnectionIsSilent(String transport) throws Exception {
        try (ClientTCP client = Tck.client(transport, "127.0.0.1:9")) {
            EventRecorder rec = EventRecorder.on(client);
            client.close();
            client.close();
            assertFalse(client.isConnected());
            assertFalse(rec.awaitCount(1, NEVER), "no event and no error: " + rec.sequence());
        }
    }

    @TransportTest
    void cs040_doubleCloseEmitsOneClose(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            client.close();
            client.close();
            assertFalse(client.isConnected());
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec.sequence());
            assertFalse(rec.awaitCount(4, NEVER), rec.sequence());
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.CLOSE), rec.states());
            assertTrue(rec.errors().isEmpty(), rec.sequence());
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY));
            assertEquals(1, server.events().size());
        }
    }

    @TransportTest
    void cs041_closingOneClientLeavesTheOthers(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP a = Tck.client(transport, server.address());
             ClientTCP b = Tck.client(transport, server.address());
             ClientTCP c = Tck.client(transport, server.address())) {
            for (ClientTCP client : List.of(a, b, c)) {
                client.connect(Tck.CONNECT);
            }
            assertTrue(server.awaitOpenConnections(3, EventRecorder.EVENTUALLY));
            b.close();
            assertFalse(b.isConnected());
            assertTrue(a.isConnected());
            assertTrue(c.isConnected());
            assertTrue(server.awaitOpenConnections(2, EventRecorder.EVENTUALLY));
            assertEquals("a\n", echo(a, "a\n"));
            assertEquals("c\n", echo(c, "c\n"));
        }
    }

    @TransportTest
    void cs042_closeAfterTlsPeerResetIsClean(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.RESETTER);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            client.write(new byte[] {'x'});
            // The server resets after one byte and records the end once its socket is gone.
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY), server.events().toString());
            long fdsBeforeClose = Fds.openFileDescriptors();
            client.close();
            assertFalse(client.isConnected());
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec.sequence());
            if (fdsBeforeClose >= 0) { // -1: no /proc/self/fd on this platform
                assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, fdsBeforeClose - 1, EventRecorder.EVENTUALLY),
                        "the client's socket must be released: " + fdsBeforeClose + " fds before close, "
                                + Fds.openFileDescriptors() + " after");
            }
        }
    }

    @TransportTest
    void cs043_closeUnblocksReadWithAnException(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertCloseUnblocksRead(client);
        }
    }

    @TransportTest
    void cs043_closeUnblocksTlsReadWithAnException(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.SILENT);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertCloseUnblocksRead(client);
        }
    }

    @TransportTest
    void cs044_closeUnblocksWrite(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.STALL);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertCloseUnblocksWrite(client);
        }
    }

    @TransportTest
    void cs044_closeUnblocksTlsWrite(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.STALL);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertCloseUnblocksWrite(client);
        }
    }

    @TransportTest
    void cs045_tlsCloseSendsCloseNotify(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertEquals("bye\n", echo(client, "bye\n"));
            client.close();
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY));
            assertEquals(Ending.CLOSE_NOTIFY, server.events().get(0).ending(),
                    "the server must see close_notify, not a truncation or reset: " + server.events());
        }
    }

    // ---- helpers ----

    private static void assertCloseUnblocksRead(ClientTCP client) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            Future<Integer> read = reader.submit(() -> client.read(new byte[64]));
            assertTrue(rec.awaitState(ConnState.READ, EventRecorder.EVENTUALLY), rec.sequence());
            assertThrows(TimeoutException.class, () -> read.get(NEVER.toMillis(), MILLISECONDS), "read must block");
            long start = System.nanoTime();
            client.close();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> read.get(Tck.PROMPTLY.toMillis(), MILLISECONDS),
                    "the blocked read must throw, not return -1 or stay blocked");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Tck.PROMPTLY) <= 0, "close to read failure took " + took);
            IOException failure = assertInstanceOf(IOException.class, e.getCause());
            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec.sequence());
            assertFalse(rec.awaitErrors(2, NEVER), "one error only: " + rec.sequence());
            assertSame(failure, rec.errors().get(0), "the error callback gets the read's exception");
        } finally {
            reader.shutdownNow();
        }
    }

    private static void assertCloseUnblocksWrite(ClientTCP client) throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            byte[] big = new byte[BLOCKING_WRITE];
            Future<Integer> write = writer.submit(() -> client.write(big));
            assertTrue(rec.awaitState(ConnState.WRITE, EventRecorder.EVENTUALLY), rec.sequence());
            assertThrows(TimeoutException.class, () -> write.get(NEVER.toMillis(), MILLISECONDS),
                    "a " + BLOCKING_WRITE + "-byte write to a peer that does not read must block");
            long start = System.nanoTime();
            client.close();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> write.get(Tck.PROMPTLY.toMillis(), MILLISECONDS), "the blocked write must throw");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Tck.PROMPTLY) <= 0, "close to write failure took " + took);
            assertInstanceOf(IOException.class, e.getCause());
            assertFalse(client.isConnected());
        } finally {
            writer.shutdownNow();
        }
    }

    private static EventRecorder.Event only(EventRecorder rec, ConnState state) {
        List<EventRecorder.Event> matching = rec.events().stream().filter(e -> e.state() == state).toList();
        assertEquals(1, matching.size(), rec.sequence());
        return matching.get(0);
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] out = text.getBytes(UTF_8);
        assertEquals(out.length, client.write(out));
        return new String(client.inputStream().readNBytes(out.length), UTF_8);
    }
}
