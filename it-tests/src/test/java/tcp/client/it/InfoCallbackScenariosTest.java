package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.NotConnectedException;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** CONFORMANCE.md section J: the info callback {@code FuncInfo}, event order and addresses (CS-071 to CS-079). */
@Timeout(60)
@SuppressWarnings("try") // close() on a try-with-resources client is part of what is tested
class InfoCallbackScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms after a barrier. */
    private static final Duration NEVER = Duration.ofMillis(300);
    private static final List<ConnState> LIFECYCLE =
            List.of(ConnState.DIAL, ConnState.NEW, ConnState.WRITE, ConnState.READ, ConnState.CLOSE);

    @TransportTest
    void cs071_connectWriteReadCloseGiveExactlyTheLifecycleInOrder200Times(String transport) throws Exception {
        int iterations = 200;
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            byte[] one = new byte[1];
            for (int i = 0; i < iterations; i++) {
                client.connect(Tck.CONNECT);
                client.write(new byte[] {(byte) i});
                // One byte: the read is a single call, so exactly one READ per iteration.
                assertEquals(1, client.read(one));
                assertEquals((byte) i, one[0]);
                client.close();
            }
            int expected = iterations * LIFECYCLE.size();
            assertTrue(rec.awaitCount(expected, Duration.ofSeconds(10)), () -> rec.events().size() + " events");
            List<ConnState> all = rec.states();
            assertEquals(expected, all.size(), "no event may be missing or added: " + rec.errors());
            for (int i = 0; i < iterations; i++) {
                assertEquals(LIFECYCLE, all.subList(i * 5, i * 5 + 5), "iteration " + i);
            }
        }
    }

    @TransportTest
    void cs072_zeroLengthCallsEmitOneEventEach(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            EventRecorder rec = EventRecorder.on(client);

            assertEquals(0, client.write(new byte[0]));
            assertEquals(0, client.read(new byte[0]));
            assertEquals(1, client.write(new byte[] {42}));
            assertEquals(1, client.read(new byte[1]));
            client.close();

            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertEquals(List.of(ConnState.WRITE, ConnState.READ, ConnState.WRITE, ConnState.READ, ConnState.CLOSE),
                    rec.states());
        }
    }

    @TransportTest
    void cs072_theReadEventIsEmittedBeforeTheReadReturns(String transport) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertTrue(server.awaitOpenConnections(1, EventRecorder.EVENTUALLY));
            EventRecorder rec = EventRecorder.on(client);

            Future<Integer> read = pool.submit(() -> client.read(new byte[8]));

            assertTrue(rec.awaitState(ConnState.READ, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(read.isDone(), "SILENT sent nothing yet, so the read must still be blocked");
            assertEquals(1, server.sendToAll(new byte[] {7}));
            assertEquals(1, read.get(5, TimeUnit.SECONDS));
            assertEquals(List.of(ConnState.READ), rec.states());
        } finally {
            pool.shutdownNow();
        }
    }

    @TransportTest
    void cs072_aFailingReadStillEmitsExactlyOneReadBeforeTheError(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            EventRecorder rec = EventRecorder.on(client);

            client.write(new byte[] {1}); // RESETTER reads one byte, then resets
            IOException thrown = assertThrows(IOException.class, () -> client.read(new byte[8]));

            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(rec.awaitCount(4, NEVER), () -> "one event per call: " + rec.sequence());
            List<EventRecorder.Event> events = rec.events();
            assertEquals(ConnState.WRITE, events.get(0).state(), rec::sequence);
            assertEquals(ConnState.READ, events.get(1).state(), rec::sequence);
            assertSame(thrown, events.get(2).error(), rec::sequence);
        }
    }

    @TransportTest
    void cs073_newReadWriteAndCloseCarryTheConnectionsAddresses(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            client.write(new byte[] {1});
            assertEquals(1, client.read(new byte[1]));
            client.close();
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY));

            InetSocketAddress clientSide = server.events().get(0).remote();
            List<EventRecorder.Event> connectionEvents = rec.events().stream()
                    .filter(e -> !e.isError() && e.state() != ConnState.DIAL).toList();
            assertEquals(List.of(ConnState.NEW, ConnState.WRITE, ConnState.READ, ConnState.CLOSE),
                    connectionEvents.stream().map(EventRecorder.Event::state).toList());
            for (EventRecorder.Event e : connectionEvents) {
                InetSocketAddress local = assertInstanceOf(InetSocketAddress.class, e.local(), e.state().name());
                InetSocketAddress remote = assertInstanceOf(InetSocketAddress.class, e.remote(), e.state().name());
                assertTrue(local.getAddress().isLoopbackAddress(), e.state() + " local " + local);
                assertNotEquals(0, local.getPort(), e.state() + " local port must be the ephemeral one");
                assertEquals(clientSide.getAddress(), local.getAddress(), e.state() + " local address");
                assertEquals(clientSide.getPort(), local.getPort(), e.state() + " local port as the server saw it");
                assertEquals(InetAddress.getByName("127.0.0.1"), remote.getAddress(), e.state() + " remote address");
                assertEquals(server.port(), remote.getPort(), e.state() + " remote port");
            }
        }
    }

    @TransportTest
    void cs074_dialCarriesNoLocalAddressAndTheUnresolvedTarget(String transport) throws Exception {
        DeadPort dead = DeadPort.reserve();
        for (String host : List.of("127.0.0.1", "localhost")) {
            try (ClientTCP client = Tck.client(transport, host + ":" + dead.port())) {
                EventRecorder rec = EventRecorder.on(client);
                assertThrows(IOException.class, () -> client.connect(Tck.CONNECT)); // DIAL comes first regardless

                assertTrue(rec.awaitState(ConnState.DIAL, EventRecorder.EVENTUALLY), rec::sequence);
                EventRecorder.Event dial = rec.events().get(0);
                assertEquals(ConnState.DIAL, dial.state(), rec::sequence);
                assertNull(dial.local(), "DIAL local");
                InetSocketAddress target = assertInstanceOf(InetSocketAddress.class, dial.remote(), "DIAL remote");
                assertTrue(target.isUnresolved(), "DIAL remote must be the unresolved target: " + target);
                assertEquals(host, target.getHostString());
                assertEquals(dead.port(), target.getPort());
            }
        }
    }

    @TransportTest
    void cs075_isConnectedIsTrueInsideNewAndFalseInsideClose(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            CompletableFuture<Boolean> atNew = new CompletableFuture<>();
            CompletableFuture<Boolean> atClose = new CompletableFuture<>();
            client.registerFuncInfo((local, remote, state) -> {
                if (state == ConnState.NEW) {
                    atNew.complete(client.isConnected());
                } else if (state == ConnState.CLOSE) {
                    atClose.complete(client.isConnected());
                }
            });

            client.connect(Tck.CONNECT);
            // Callbacks are asynchronous: keep the connection until NEW has been handled.
            assertTrue(atNew.get(2, TimeUnit.SECONDS), "isConnected() inside NEW");
            client.close();
            assertFalse(atClose.get(2, TimeUnit.SECONDS), "isConnected() inside CLOSE");
        }
    }

    @TransportTest
    void cs076_theClientNeverEmitsCloseReadHandlerOrCloseWrite(String transport) throws Exception {
        // shutdownOutput() is not called: API.md makes it fire CLOSE_WRITE, which golib never does.
        EnumSet<ConnState> never = EnumSet.of(ConnState.CLOSE_READ, ConnState.HANDLER, ConnState.CLOSE_WRITE);
        try (TestServer echo = TestServer.plain(Behaviour.ECHO);
             TestServer line1 = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, echo.address());
             ClientTCP onceClient = Tck.client(transport, line1.address())) {
            EventRecorder rec = EventRecorder.on(client);
            EventRecorder onceRec = EventRecorder.on(onceClient);

            client.connect(Tck.CONNECT);
            client.write(new byte[] {1});
            assertEquals(1, client.read(new byte[1]));
            client.close();
            assertThrows(NotConnectedException.class, () -> client.read(new byte[1]));
            onceClient.once(Tck.CONNECT, new ByteArrayInputStream(new byte[] {'x', '\n'}),
                    in -> in.readAllBytes());

            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec::sequence);
            assertTrue(onceRec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), onceRec::sequence);
            assertFalse(rec.await(l -> l.stream().anyMatch(e -> never.contains(e.state())), NEVER), rec::sequence);
            assertFalse(onceRec.await(l -> l.stream().anyMatch(e -> never.contains(e.state())), NEVER),
                    onceRec::sequence);
        }
    }

    @TransportTest
    void cs077_aCallbackRegisteredAfterConnectSeesOnlyLaterEvents(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            EventRecorder rec = EventRecorder.on(client);
            client.write(new byte[] {1});
            assertEquals(1, client.read(new byte[1]));
            client.close();

            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertEquals(List.of(ConnState.WRITE, ConnState.READ, ConnState.CLOSE), rec.states());
        }
    }

    @TransportTest
    void cs078_withTwoRegistrationsOnlyTheLastIsCalled(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder first = new EventRecorder();
            EventRecorder last = new EventRecorder();
            client.registerFuncInfo(first);
            client.registerFuncInfo(last);

            client.connect(Tck.CONNECT);
            client.close();

            assertTrue(last.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), last::sequence);
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.CLOSE), last.states());
            assertFalse(first.awaitCount(1, NEVER), () -> "replaced callback called: " + first.sequence());
        }
    }

    @TransportTest
    void cs078_aNullInfoCallbackDeliversNothingAndRaisesNothing(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder info = new EventRecorder();
            EventRecorder errors = new EventRecorder();
            client.registerFuncInfo(info);
            client.registerFuncInfo(null);
            client.registerFuncError(errors);

            client.connect(Tck.CONNECT);
            client.write(new byte[] {1});
            assertEquals(1, client.read(new byte[1]));
            client.close();
            NotConnectedException barrier = assertThrows(NotConnectedException.class, () -> client.write(new byte[1]));

            // Barrier: the error went through the same queue, after every lifecycle event.
            assertTrue(errors.awaitErrors(1, EventRecorder.EVENTUALLY), errors::sequence);
            assertSame(barrier, errors.errors().get(0));
            assertFalse(info.awaitCount(1, NEVER), () -> "unregistered callback called: " + info.sequence());
        }
    }

    @TransportTest
    void cs079_newIsNotEmittedWhileTheTlsHandshakeIsPending(String transport) throws Exception {
        TlsServerOptions stalled = TlsServerOptions.builder().stallBeforeHandshake(true).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, stalled);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);

            IOException thrown = assertThrows(IOException.class, () -> client.connect(Duration.ofSeconds(1)));

            assertTrue(server.awaitAccepted(1, EventRecorder.EVENTUALLY), "the TCP connection was up");
            assertDialThenErrorNeverNew(rec, thrown);
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs079_aFailedHandshakeGivesDialAndTheErrorNeverNew(String transport) throws Exception {
        TlsConfig wrongTrust = TlsConfig.builder().rootCa(TestPki.shared().untrustedRoot()).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).tls(wrongTrust, "").build()) {
            EventRecorder rec = EventRecorder.on(client);

            IOException thrown = assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));

            assertDialThenErrorNeverNew(rec, thrown);
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs079_newComesAfterTheHandshakeCompleted(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            List<Optional<TlsSessionInfo>> sessionAtNew = Collections.synchronizedList(new ArrayList<>());
            client.registerFuncInfo((SocketAddress local, SocketAddress remote, ConnState state) -> {
                if (state == ConnState.NEW) {
                    sessionAtNew.add(client.tlsSession());
                }
                rec.onInfo(local, remote, state);
            });

            client.connect(Tck.CONNECT);

            // Keep the connection until NEW has been handled (callbacks are asynchronous).
            assertTrue(rec.awaitState(ConnState.NEW, EventRecorder.EVENTUALLY), rec::sequence);
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW), rec.states());
            assertEquals(1, sessionAtNew.size());
            assertTrue(sessionAtNew.get(0).isPresent(), "the handshake must be complete when NEW is delivered");
            assertTrue(sessionAtNew.get(0).get().protocol().startsWith("TLSv1."), sessionAtNew.get(0).toString());
        }
    }

    private static void assertDialThenErrorNeverNew(EventRecorder rec, Throwable thrown) throws InterruptedException {
        assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec::sequence);
        assertFalse(rec.awaitState(ConnState.NEW, NEVER), () -> "NEW without a handshake: " + rec.sequence());
        List<EventRecorder.Event> events = rec.events();
        assertEquals(2, events.size(), rec::sequence);
        assertEquals(ConnState.DIAL, events.get(0).state(), rec::sequence);
        assertSame(thrown, events.get(1).error(), rec::sequence);
    }
}
