package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.CloseReason;
import tcp.client.api.ConnState;
import tcp.client.api.NotConnectedException;
import tcp.client.api.ReconnectFailedException;
import tcp.client.api.ReconnectPolicy;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Fds;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section X: reconnection with backoff (CS-176 to CS-184). */
@Timeout(60)
class ResilienceScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms. */
    private static final Duration NEVER = Duration.ofMillis(300);
    private static final Duration BACK = Duration.ofSeconds(5);
    private static final ReconnectPolicy QUICK = ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(200));

    @TransportTest
    void cs176_serverRestartIsSurvived(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).reconnect(QUICK).build()) {
            assertRestartSurvived(server, client);
        }
    }

    @TransportTest
    void cs176_serverRestartIsSurvivedOverTls(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).tls(Tck.trustTestRoot(), "")
                     .reconnect(QUICK).build()) {
            assertRestartSurvived(server, client);
            assertTrue(client.tlsSession().isPresent(), "the new connection is TLS too");
        }
    }

    private static void assertRestartSurvived(TestServer server, ClientTCP client) throws Exception {
        EventRecorder rec = EventRecorder.on(client);
        client.connect(Tck.CONNECT);
        assertEquals("before\n", echo(client, "before\n"));

        assertEquals(1, stopServing(server));
        meetTheEnd(client);
        assertFalse(client.isConnected(), "the client let go of the ended connection");
        assertTrue(client.closeReason().isPresent(), "a reason while disconnected");
        // Attempts meet a closed port for a while: each failure is reported.
        assertTrue(rec.await(l -> count(l, ConnState.DIAL) >= 3, BACK), rec::sequence);
        server.reopenListener();

        assertTrue(client.awaitConnected(BACK), rec::sequence);
        assertEquals(Optional.empty(), client.closeReason(), "no reason while connected");
        assertEquals("after\n", echo(client, "after\n"));
        assertTrue(rec.await(l -> count(l, ConnState.NEW) == 2, EventRecorder.EVENTUALLY), rec::sequence);

        List<ConnState> life = lifecycle(rec.states());
        assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.CLOSE), life.subList(0, 3), rec::sequence);
        assertEquals(ConnState.NEW, life.get(life.size() - 1), rec::sequence);
        assertTrue(life.subList(3, life.size() - 1).stream().allMatch(s -> s == ConnState.DIAL), rec::sequence);
        long dials = count(rec.events(), ConnState.DIAL);
        // One error per failed attempt (the first DIAL is the application's connect, the last one won).
        assertEquals(dials - 2, rec.errors().stream().filter(ConnectException.class::isInstance).count(), rec::sequence);
        assertEquals(2, server.accepted());
    }

    @TransportTest
    void cs177_ioDuringAnOutageFailsAtOnce(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).reconnect(QUICK).build()) {
            client.connect(Tck.CONNECT);
            stopServing(server);
            meetTheEnd(client);
            // A FIN, or a reset when the server's socket still held unread input.
            assertTrue(client.closeReason().filter(r -> r == CloseReason.PEER_CLOSED || r == CloseReason.RESET)
                    .isPresent(), () -> "close reason " + client.closeReason());

            long start = System.nanoTime();
            assertThrows(NotConnectedException.class, () -> client.read(new byte[16]));
            assertThrows(NotConnectedException.class, () -> client.write(bytes("lost?\n")));
            assertThrows(NotConnectedException.class, () -> client.inputStream().read());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Tck.PROMPTLY) < 0);
            assertFalse(client.isConnected());
            // Nothing written during the outage reaches the next connection.
            server.reopenListener();
            assertTrue(client.awaitConnected(BACK));
            assertEquals("fresh\n", echo(client, "fresh\n"));
        }
    }

    @TransportTest
    void cs178_givesUpAfterMaxAttemptsAndLeavesNothingBehind(String transport) throws Exception {
        ReconnectPolicy three = ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(40)).withMaxAttempts(3);
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            long fds = Fds.openFileDescriptors();
            try (ClientTCP client = Tck.builder(transport, server.address()).reconnect(three).build()) {
                EventRecorder rec = EventRecorder.on(client);
                client.connect(Tck.CONNECT);
                stopServing(server);
                meetTheEnd(client);

                assertTrue(rec.await(l -> l.stream().anyMatch(e -> e.error() instanceof ReconnectFailedException), BACK),
                        rec::sequence);
                ReconnectFailedException gaveUp = (ReconnectFailedException) rec.errors().get(rec.errors().size() - 1);
                assertEquals(3, gaveUp.attempts());
                assertInstanceOf(ConnectException.class, gaveUp.getCause());
                assertTrue(gaveUp.getMessage().contains(server.address()), gaveUp::getMessage);
                assertEquals(3, rec.errors().stream().filter(ConnectException.class::isInstance).count(), rec::sequence);
                assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.CLOSE, ConnState.DIAL, ConnState.DIAL,
                        ConnState.DIAL), lifecycle(rec.states()), rec::sequence);

                long start = System.nanoTime();
                assertFalse(client.awaitConnected(BACK), "a client that gave up is not waited for");
                assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Tck.PROMPTLY) < 0);
                assertFalse(rec.await(l -> count(l, ConnState.DIAL) > 4, NEVER), rec::sequence);

                // The application can still connect by hand.
                server.reopenListener();
                client.connect(Tck.CONNECT);
                assertEquals("by hand\n", echo(client, "by hand\n"));
            }
            assertTrue(server.awaitOpenConnections(0, EventRecorder.EVENTUALLY));
            assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, fds + 2, Duration.ofSeconds(10)),
                    () -> "descriptors: " + Fds.openFileDescriptors() + ", before " + fds);
        }
    }

    @TransportTest
    void cs179_userCloseNeverRedials(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).reconnect(QUICK).build()) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            client.close();
            assertEquals(Optional.of(CloseReason.LOCAL), client.closeReason());
            assertTrue(server.awaitOpenConnections(0, EventRecorder.EVENTUALLY));
            assertFalse(rec.await(l -> count(l, ConnState.DIAL) > 1, NEVER), rec::sequence);
            assertEquals(1, server.accepted());
            assertFalse(client.awaitConnected(Duration.ofMillis(50)));
        }
    }

    @TransportTest
    void cs180_closeCancelsAPendingDelayAtOnce(String transport) throws Exception {
        ReconnectPolicy slow = ReconnectPolicy.exponential(Duration.ofMillis(400), Duration.ofSeconds(1)).withJitter(0);
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).reconnect(slow).build()) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            drop(server);
            meetTheEnd(client);

            // A thread waiting for the reconnection is released by the close.
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> waited = pool.submit(() -> client.awaitConnected(BACK));
                long start = System.nanoTime();
                client.close();
                assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Tck.PROMPTLY) < 0);
                assertEquals(Boolean.FALSE, waited.get(Tck.PROMPTLY.toMillis(), TimeUnit.MILLISECONDS),
                        "awaitConnected returns false once the client is closed");
            } finally {
                pool.shutdownNow();
            }
            // The delay (400 ms) passes: no attempt follows, though the server would accept.
            assertFalse(rec.await(l -> count(l, ConnState.DIAL) > 1, Duration.ofMillis(800)), rec::sequence);
            assertEquals(1, server.accepted());
        }
    }

    @TransportTest
    void cs181_backoffGapsGrowAndStopAtTheMaximum(String transport) throws Exception {
        ReconnectPolicy policy = ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofMillis(400)).withMaxAttempts(5);
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            List<Long> dials = new ArrayList<>();
            AtomicReference<Long> lost = new AtomicReference<>();
            // Callbacks run on the thread that emits them, so the times are the events' own.
            ClientTCP client = Tck.builder(transport, server.address()).reconnect(policy).callbackExecutor(Runnable::run)
                    .build();
            try (client) {
                EventRecorder rec = EventRecorder.on(client);
                client.registerFuncInfo((local, remote, state) -> {
                    rec.onInfo(local, remote, state);
                    long now = System.nanoTime();
                    synchronized (dials) {
                        if (state == ConnState.CLOSE) {
                            lost.set(now);
                        } else if (state == ConnState.DIAL && lost.get() != null) {
                            dials.add(now);
                        }
                    }
                });
                client.connect(Tck.CONNECT);
                stopServing(server);
                meetTheEnd(client);
                assertTrue(rec.await(l -> l.stream().anyMatch(e -> e.error() instanceof ReconnectFailedException),
                        Duration.ofSeconds(10)), rec::sequence);
            }
            List<Long> gaps = new ArrayList<>();
            synchronized (dials) {
                long previous = lost.get();
                for (long t : dials) {
                    gaps.add((t - previous) / 1_000_000);
                    previous = t;
                }
            }
            long[] nominal = {100, 200, 400, 400, 400};
            assertEquals(nominal.length, gaps.size(), gaps::toString);
            for (int i = 0; i < nominal.length; i++) {
                // The default jitter is 20%; the bounds leave room for a loaded machine.
                assertTrue(gaps.get(i) >= nominal[i] / 2 && gaps.get(i) <= nominal[i] * 3 / 2,
                        "gap " + (i + 1) + " of " + gaps + " ms, nominal " + nominal[i]);
            }
        }
    }

    @TransportTest
    void cs182_noReconnectionWithoutAPolicyOrBeforeAFirstConnection(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.CLOSER);
             ClientTCP plain = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(plain);
            plain.connect(Tck.CONNECT);
            assertEquals(-1, plain.read(new byte[8]));
            assertTrue(plain.isConnected(), "without a policy the connection is held until close()");
            assertEquals(Optional.empty(), plain.closeReason());
            assertFalse(rec.await(l -> count(l, ConnState.DIAL) > 1, NEVER), rec::sequence);
            plain.close();
            assertEquals(Optional.of(CloseReason.PEER_CLOSED), plain.closeReason());
        }
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).reconnect(QUICK).build()) {
            EventRecorder rec = EventRecorder.on(client);
            server.closeListener();
            assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT));
            server.reopenListener();
            assertFalse(rec.await(l -> count(l, ConnState.DIAL) > 1, NEVER), "a failed first connect is not retried");
            assertFalse(client.isConnected());
            assertEquals(Optional.empty(), client.closeReason(), "no connection has ended");
        }
    }

    @TransportTest
    void cs183_aResetIsReconnectedToo(String transport) throws Exception {
        // A first delay long enough for the reason to be read before the reconnection replaces it.
        ReconnectPolicy policy = ReconnectPolicy.exponential(Duration.ofMillis(300), Duration.ofSeconds(1));
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             ClientTCP client = Tck.builder(transport, server.address()).reconnect(policy).build()) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            client.write(bytes("x"));
            IOException e = assertThrows(IOException.class, () -> client.read(new byte[8]));
            assertFalse(e instanceof NotConnectedException, e::toString);
            assertEquals(Optional.of(CloseReason.RESET), client.closeReason());
            assertTrue(client.awaitConnected(BACK), rec::sequence);
            assertTrue(server.awaitAccepted(2, BACK));
            assertTrue(rec.await(l -> count(l, ConnState.NEW) == 2, EventRecorder.EVENTUALLY), rec::sequence);
        }
    }

    @TransportTest
    void cs184_onceNeverReconnects(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.HTTP);
             ClientTCP client = Tck.builder(transport, server.address()).reconnect(QUICK).build()) {
            EventRecorder rec = EventRecorder.on(client);
            AtomicReference<String> response = new AtomicReference<>();
            client.once(Tck.CONNECT, new ByteArrayInputStream(bytes("GET / HTTP/1.0\r\n\r\n")),
                    in -> response.set(new String(in.readAllBytes(), UTF_8)));
            assertTrue(response.get().startsWith("HTTP/1.0 200"), response::get);
            assertFalse(client.isConnected());
            assertFalse(rec.await(l -> count(l, ConnState.DIAL) > 1, NEVER), rec::sequence);
            assertEquals(1, server.accepted());
        }
    }

    /** Stops the server as a crash would: no more accepts, its one connection dropped. */
    private static int stopServing(TestServer server) throws InterruptedException {
        // Before the listener closes: a connection still in its queue would be reset with it.
        assertTrue(server.awaitOpenConnections(1, BACK), "the server holds the connection");
        server.closeListener();
        return server.dropConnections();
    }

    /**
     * Drops the server's one connection; first waits until the server has accepted it (a connect
     * returns once the kernel has queued the connection, maybe before the server took it).
     */
    private static int drop(TestServer server) throws InterruptedException {
        assertTrue(server.awaitOpenConnections(1, BACK), "the server holds the connection");
        return server.dropConnections();
    }

    /** Reads until the connection's end shows: -1 or an exception, in a bounded number of reads. */
    private static void meetTheEnd(ClientTCP client) {
        byte[] buffer = new byte[256];
        for (int i = 0; i < 100; i++) {
            try {
                if (client.read(buffer) < 0) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
        }
        throw new AssertionError("no end of the connection after 100 reads");
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] out = bytes(text);
        assertEquals(out.length, client.write(out));
        return new String(Tck.readExactly(client, out.length), UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static long count(List<EventRecorder.Event> events, ConnState state) {
        return events.stream().filter(e -> e.state() == state).count();
    }

    /** The lifecycle states only: DIAL, NEW, CLOSE. */
    private static List<ConnState> lifecycle(List<ConnState> states) {
        return states.stream().filter(s -> s == ConnState.DIAL || s == ConnState.NEW || s == ConnState.CLOSE).toList();
    }
}
