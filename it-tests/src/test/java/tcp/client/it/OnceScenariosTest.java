package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section H: {@code once}, the one-shot request/response helper (CS-052 to CS-065). */
@Timeout(60)
class OnceScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms after a barrier. */
    private static final Duration NEVER = Duration.ofMillis(300);

    @TransportTest
    void cs052_onceAgainstLine1ReadsTheEchoThenEndOfStreamAndCloses(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertOnceAgainstLine1(client);
        }
    }

    @TransportTest
    void cs053_nullHandlerStillSendsTheRequestAndCloses(String transport) throws Exception {
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (TestServer server = TestServer.plain(socket -> received.complete(socket.getInputStream().readAllBytes()));
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);

            client.once(Tck.CONNECT, request("ping\n"), null);

            assertFalse(client.isConnected());
            // The server reads to its end of stream, so this also proves the connection was closed.
            assertArrayEquals(bytes("ping\n"), received.get(5, TimeUnit.SECONDS));
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.WRITE, ConnState.CLOSE), rec.states());
            assertEquals(List.of(), rec.errors());
        }
    }

    @TransportTest
    void cs054_emptyRequestWritesNothingAndTheHandlerIsStillCalled(String transport) throws Exception {
        assertNothingWrittenButHandlerCalled(transport, new ByteArrayInputStream(new byte[0]));
    }

    @TransportTest
    void cs055_nullRequestWritesNothingAndTheHandlerIsStillCalled(String transport) throws Exception {
        assertNothingWrittenButHandlerCalled(transport, null);
    }

    @TransportTest
    void cs056_aTenKibRequestComesBackWhole(String transport) throws Exception {
        byte[] big = new byte[10 * 1024];
        for (int i = 0; i < big.length - 1; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        big[big.length - 1] = '\n'; // LINE1 closes after the first newline: make it the last byte
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (TestServer server = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.once(Tck.CONNECT, new ByteArrayInputStream(big), in -> got.set(in.readAllBytes()));

            assertNotNull(got.get(), "handler not called");
            assertTrue(got.get().length >= big.length, "handler got " + got.get().length + " bytes");
            assertArrayEquals(big, got.get());
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs056_aMultiLineRequestComesBackIntact(String transport) throws Exception {
        String lines = "first line\nsecond line\nthird line\n";
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            // ECHO never closes first: the handler reads exactly what was sent.
            client.once(Tck.CONNECT, request(lines), in -> got.set(in.readNBytes(lines.length())));

            assertArrayEquals(bytes(lines), got.get());
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs057_fiveClientsRunOnceConcurrentlyAndEachGetsItsOwnEcho(String transport) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<ClientTCP> clients = new ArrayList<>();
        try (TestServer server = TestServer.plain(Behaviour.LINE1)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ClientTCP client = Tck.client(transport, server.address());
                clients.add(client);
                String message = "client-" + i + " says hello\n";
                answers.add(pool.submit(() -> {
                    AtomicReference<byte[]> got = new AtomicReference<>();
                    client.once(Tck.CONNECT, request(message), in -> got.set(in.readAllBytes()));
                    return new String(got.get(), UTF_8);
                }));
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("client-" + i + " says hello\n", answers.get(i).get(10, TimeUnit.SECONDS));
                assertFalse(clients.get(i).isConnected());
            }
        } finally {
            pool.shutdownNow();
            for (ClientTCP client : clients) {
                client.close();
            }
        }
    }

    @TransportTest
    void cs058_onceWithoutServerThrowsConnectExceptionAndReportsItOnce(String transport) throws Exception {
        DeadPort dead = DeadPort.reserve();
        AtomicInteger handlerCalls = new AtomicInteger();
        try (ClientTCP client = Tck.client(transport, dead.address())) {
            EventRecorder rec = EventRecorder.on(client);

            ConnectException thrown = assertThrows(ConnectException.class,
                    () -> client.once(Tck.CONNECT, request("ping\n"), in -> handlerCalls.incrementAndGet()));

            assertEquals(0, handlerCalls.get());
            assertFalse(client.isConnected());
            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(rec.await(l -> errorCount(l) > 1 || has(l, ConnState.CLOSE) || has(l, ConnState.NEW), NEVER),
                    () -> "expected DIAL then one error, got " + rec.sequence());
            assertSame(thrown, rec.errors().get(0));
            assertEquals(List.of(ConnState.DIAL), rec.states());
            assertEquals(0, rec.errorArgumentCountViolations());
        }
    }

    @TransportTest
    void cs059_onceOnAnInterruptedThreadThrowsInterruptedIOException(String transport) throws Exception {
        AtomicInteger handlerCalls = new AtomicInteger();
        try (TestServer server = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, server.address())) {
            Thread.currentThread().interrupt();
            IOException thrown;
            try {
                thrown = assertThrows(IOException.class,
                        () -> client.once(Tck.CONNECT, request("ping\n"), in -> handlerCalls.incrementAndGet()));
            } finally {
                Thread.interrupted(); // never leave the flag set for the test framework
            }
            assertInstanceOf(InterruptedIOException.class, thrown);
            assertFalse(thrown instanceof SocketTimeoutException, () -> "a timeout is no interruption: " + thrown);
            assertEquals(0, handlerCalls.get());
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs059_onceWithAOneNanosecondBudgetSucceedsOrTimesOut(String transport) throws Exception {
        AtomicReference<byte[]> got = new AtomicReference<>();
        AtomicInteger handlerCalls = new AtomicInteger();
        try (TestServer server = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, server.address())) {
            try {
                client.once(Duration.ofNanos(1), request("ping\n"), in -> {
                    handlerCalls.incrementAndGet();
                    got.set(in.readAllBytes());
                });
                assertEquals(1, handlerCalls.get());
                assertArrayEquals(bytes("ping\n"), got.get());
            } catch (SocketTimeoutException expected) {
                assertEquals(0, handlerCalls.get(), "handler called after a failed connect");
            }
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs060_aFailingRequestStreamIsRethrownReportedOnceAndTheConnectionClosed(String transport) throws Exception {
        IOException broken = new IOException("request stream broken");
        InputStream request = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw broken;
            }
        };
        AtomicInteger handlerCalls = new AtomicInteger();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);

            IOException thrown = assertThrows(IOException.class,
                    () -> client.once(Tck.CONNECT, request, in -> handlerCalls.incrementAndGet()));

            assertSame(broken, thrown);
            assertEquals(0, handlerCalls.get());
            assertFalse(client.isConnected());
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(rec.await(l -> errorCount(l) > 1, NEVER), () -> "reported more than once: " + rec.sequence());
            assertEquals(List.of(broken), rec.errors());
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY), "server did not see the connection close");
        }
    }

    @TransportTest
    void cs061_aHandlerRuntimeExceptionClosesTheConnectionAndIsRethrown(String transport) throws Exception {
        IllegalStateException failure = new IllegalStateException("handler failed");
        try (TestServer server = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);

            RuntimeException thrown = assertThrows(RuntimeException.class,
                    () -> client.once(Tck.CONNECT, request("ping\n"), in -> {
                        throw failure;
                    }));

            assertSame(failure, thrown);
            assertFalse(client.isConnected());
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY), "server did not see the connection close");
        }
    }

    @TransportTest
    void cs062_onceOnAConnectedClientThrowsAndLeavesThatConnectionAlone(String transport) throws Exception {
        AtomicInteger handlerCalls = new AtomicInteger();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            EventRecorder rec = EventRecorder.on(client);

            assertThrows(IllegalStateException.class,
                    () -> client.once(Tck.CONNECT, request("ping\n"), in -> handlerCalls.incrementAndGet()));

            assertEquals(0, handlerCalls.get());
            assertTrue(client.isConnected());
            client.write(bytes("still here\n"));
            assertArrayEquals(bytes("still here\n"), Tck.readExactly(client, "still here\n".length()));
            assertEquals(1, server.accepted(), "once must not dial");
            assertEquals(1, server.openConnections());
            assertFalse(rec.await(l -> has(l, ConnState.DIAL) || has(l, ConnState.CLOSE), NEVER),
                    () -> "the connection was touched: " + rec.sequence());
        }
    }

    @TransportTest
    void cs063_onceAgainstCloserNeverHangsAndEndsDisconnected(String transport) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.plain(Behaviour.CLOSER);
             ClientTCP client = Tck.client(transport, server.address())) {
            Future<?> done = pool.submit(() -> {
                try {
                    client.once(Tck.CONNECT, request("ping\n"), InputStream::readAllBytes);
                } catch (IOException acceptable) {
                    // CS-063 allows either outcome; what matters is that it ends.
                }
                return null;
            });
            done.get(10, TimeUnit.SECONDS);
            assertFalse(client.isConnected());
        } finally {
            pool.shutdownNow();
        }
    }

    @TransportTest
    void cs064_onceAgainstTlsLine1BehavesLikePlain(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.setTLS(true, Tck.trustTestRoot(), "");
            assertOnceAgainstLine1(client);
        }
    }

    @TransportTest
    void cs065_aHandlerThatClosesItsStreamLeavesExactlyOneClose(String transport) throws Exception {
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (TestServer server = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);

            client.once(Tck.CONNECT, request("ping\n"), in -> {
                got.set(in.readAllBytes());
                in.close();
            });

            assertArrayEquals(bytes("ping\n"), got.get());
            assertFalse(client.isConnected());
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(rec.await(l -> count(l, ConnState.CLOSE) > 1, NEVER), () -> "two CLOSE: " + rec.sequence());
            assertEquals(List.of(), rec.errors());
        }
    }

    /** CS-052 and CS-064: {@code once("ping\n")} against a LINE1 server of either kind. */
    private static void assertOnceAgainstLine1(ClientTCP client) throws Exception {
        EventRecorder rec = EventRecorder.on(client);
        AtomicReference<byte[]> got = new AtomicReference<>();
        AtomicInteger afterEnd = new AtomicInteger(Integer.MIN_VALUE);

        client.once(Tck.CONNECT, request("ping\n"), in -> {
            got.set(in.readAllBytes());
            afterEnd.set(in.read());
        });

        assertArrayEquals(bytes("ping\n"), got.get(), "handler must read exactly ping\\n");
        assertEquals(-1, afterEnd.get(), "end of stream must stay -1");
        assertFalse(client.isConnected());
        assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
        String states = rec.states().stream().map(Enum::name).collect(Collectors.joining(" "));
        assertTrue(states.matches("DIAL NEW (WRITE )+(READ )+CLOSE"),
                () -> "expected DIAL, NEW, WRITE+, READ+, CLOSE but got " + rec.sequence());
        assertEquals(List.of(), rec.errors(), "end of stream is no error");
    }

    /** CS-054 and CS-055: nothing is written, no WRITE event, and the handler runs once. */
    private static void assertNothingWrittenButHandlerCalled(String transport, InputStream request) throws Exception {
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        AtomicInteger handlerCalls = new AtomicInteger();
        try (TestServer server = TestServer.plain(socket -> received.complete(socket.getInputStream().readAllBytes()));
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);

            client.once(Tck.CONNECT, request, in -> {
                assertNotNull(in);
                handlerCalls.incrementAndGet();
            });

            assertEquals(1, handlerCalls.get());
            assertFalse(client.isConnected());
            assertArrayEquals(new byte[0], received.get(5, TimeUnit.SECONDS), "nothing may be written");
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.CLOSE), rec.states());
        }
    }

    private static InputStream request(String text) {
        return new ByteArrayInputStream(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static boolean has(List<EventRecorder.Event> events, ConnState state) {
        return count(events, state) > 0;
    }

    private static long count(List<EventRecorder.Event> events, ConnState state) {
        return events.stream().filter(e -> e.state() == state).count();
    }

    private static long errorCount(List<EventRecorder.Event> events) {
        return events.stream().filter(EventRecorder.Event::isError).count();
    }
}
