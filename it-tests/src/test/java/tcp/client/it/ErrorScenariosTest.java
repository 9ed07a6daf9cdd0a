package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.NotConnectedException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Blackhole;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.Ending;
import tcp.client.testkit.Fds;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** CONFORMANCE.md section M: errors (CS-104 to CS-111). */
@Timeout(60)
@SuppressWarnings("try") // close() on a try-with-resources client is part of what is tested
class ErrorScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms after a barrier. */
    private static final Duration NEVER = Duration.ofMillis(300);
    /** CS-106: how soon a cancelled or interrupted connect must end. */
    private static final long ABORT_MILLIS = 500;

    @TransportTest
    void cs104_connectingToADeadPortIsRefused(String transport) throws Exception {
        try (ClientTCP client = Tck.client(transport, DeadPort.reserve().address())) {
            EventRecorder rec = EventRecorder.on(client);

            ConnectException thrown = assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT));

            assertFalse(client.isConnected());
            assertTrue(rec.awaitCount(2, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(rec.awaitCount(3, NEVER), rec::sequence);
            assertEquals(ConnState.DIAL, rec.events().get(0).state(), rec::sequence);
            assertSame(thrown, rec.events().get(1).error(), rec::sequence);
        }
    }

    @TransportTest
    void cs105_connectingToABlackholeTimesOutWithinItsBudget(String transport) throws Exception {
        try (Blackhole hole = Blackhole.open();
             ClientTCP client = Tck.client(transport, hole.address())) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> client.connect(Duration.ofMillis(500)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(millis >= 450 && millis <= 1500, "timed out after " + millis + " ms, expected 450-1500");
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs106_cancellingConnectAsyncDuringTheDialEndsPromptlyAndLeaksNothing(String transport) throws Exception {
        try (Blackhole hole = Blackhole.open();
             ClientTCP client = Tck.client(transport, hole.address())) {
            // Warm up the transport's dial path, so that lazily opened files do not count as a leak.
            assertThrows(IOException.class, () -> client.connect(Duration.ofMillis(100)));
            // Sockets only: the cancel path may load classes from a jar not opened before.
            long fdsBefore = Fds.openSockets();
            EventRecorder rec = EventRecorder.on(client);

            CompletableFuture<Void> future = client.connectAsync(Duration.ofSeconds(10));
            assertTrue(rec.awaitState(ConnState.DIAL, EventRecorder.EVENTUALLY), rec::sequence);
            long start = System.nanoTime();
            future.cancel(true);

            assertThrows(CancellationException.class, () -> future.get(ABORT_MILLIS, TimeUnit.MILLISECONDS));
            assertTrue(Fds.awaitAtMost(Fds::openSockets, fdsBefore, Duration.ofMillis(ABORT_MILLIS)),
                    () -> "the dial's socket is still open " + elapsed(start) + " ms after cancel(true): "
                            + Fds.openSockets() + " sockets, " + fdsBefore + " before");
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs106_cancellingConnectAsyncDuringTheHandshakeEndsPromptlyAndLeaksNothing(String transport)
            throws Exception {
        TlsServerOptions stalled = TlsServerOptions.builder().stallBeforeHandshake(true).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, stalled);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            CompletableFuture<Void> future = client.connectAsync(Duration.ofSeconds(10));
            assertTrue(server.awaitOpenConnections(1, EventRecorder.EVENTUALLY), "the handshake never started");
            long start = System.nanoTime();
            future.cancel(true);

            assertThrows(CancellationException.class, () -> future.get(ABORT_MILLIS, TimeUnit.MILLISECONDS));
            // The stalled server reads the raw socket, so it sees the client's socket go away.
            assertTrue(server.awaitEnds(1, Duration.ofMillis(ABORT_MILLIS)),
                    () -> "the client's socket is still open " + elapsed(start) + " ms after cancel(true)");
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs106_interruptingABlockedConnectThrowsInterruptedIoPromptlyAndKeepsTheFlag(String transport)
            throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Blackhole hole = Blackhole.open();
             ClientTCP client = Tck.client(transport, hole.address())) {
            assertThrows(IOException.class, () -> client.connect(Duration.ofMillis(100))); // warm up, see above
            // Sockets only: the cancel path may load classes from a jar not opened before.
            long fdsBefore = Fds.openSockets();
            EventRecorder rec = EventRecorder.on(client);
            CompletableFuture<Thread> connecting = new CompletableFuture<>();
            CompletableFuture<Long> interruptedAt = new CompletableFuture<>();

            Future<Boolean> flagKept = pool.submit(() -> {
                connecting.complete(Thread.currentThread());
                IOException e = assertThrows(IOException.class, () -> client.connect(Duration.ofSeconds(10)));
                long ended = System.nanoTime();
                boolean flag = Thread.interrupted();
                assertInstanceOf(InterruptedIOException.class, e);
                assertFalse(e instanceof SocketTimeoutException, () -> "an interrupt is no timeout: " + e);
                long millis = TimeUnit.NANOSECONDS.toMillis(ended - interruptedAt.get(5, TimeUnit.SECONDS));
                assertTrue(millis <= ABORT_MILLIS, "connect ended " + millis + " ms after the interrupt");
                return flag;
            });
            Thread thread = connecting.get(5, TimeUnit.SECONDS);
            assertTrue(rec.awaitState(ConnState.DIAL, EventRecorder.EVENTUALLY), rec::sequence);
            interruptedAt.complete(System.nanoTime());
            thread.interrupt();

            assertTrue(flagKept.get(5, TimeUnit.SECONDS), "the interrupt flag must stay set");
            assertTrue(Fds.awaitAtMost(Fds::openSockets, fdsBefore, Duration.ofMillis(ABORT_MILLIS)),
                    () -> "a socket is left open: " + Fds.openSockets() + " sockets, " + fdsBefore + " before");
            assertFalse(client.isConnected());
        } catch (ExecutionException e) {
            // Show the connecting thread's own assertion failure.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
    }

    @TransportTest
    void cs107_whenTheServerClosesReadReturnsEndOfStream(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.CLOSER);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);

            assertEquals(-1, client.read(new byte[16]));
            assertEquals(-1, client.read(new byte[16]), "end of stream must stay -1");
            assertTrue(client.isConnected(), "isConnected() is local state only");
            client.close();

            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(rec.awaitErrors(1, NEVER), () -> "end of stream is no error: " + rec.sequence());
        }
    }

    @TransportTest
    void cs108_whenTheServerResetsReadThrowsAndReportsIt(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            client.write(new byte[] {1}); // RESETTER reads one byte, then resets

            IOException thrown = assertThrows(IOException.class, () -> client.read(new byte[16]));

            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec::sequence);
            assertSame(thrown, rec.errors().get(0));
        }
    }

    @TransportTest
    void cs109_writingToAClosedPeerFailsWithinFiveWrites(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.CLOSER);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY), "CLOSER did not close");
            CountDownLatch never = new CountDownLatch(1);

            IOException failure = null;
            for (int i = 0; i < 5 && failure == null; i++) {
                if (i > 0) {
                    never.await(50, TimeUnit.MILLISECONDS); // CS-109 spaces the writes 50 ms apart
                }
                try {
                    client.write(new byte[] {(byte) i});
                } catch (IOException e) {
                    failure = e;
                }
            }

            assertTrue(failure != null, "five writes to a closed peer all succeeded");
            assertTrue(client.isConnected(), "isConnected() is local state only");
            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec::sequence);
            assertSame(failure, rec.errors().get(0));
        }
    }

    @TransportTest
    void cs110_afterCloseReadWriteAndTheirViewsThrowNotConnected(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            client.close();
            EventRecorder rec = EventRecorder.on(client);
            List<Throwable> thrown = new ArrayList<>();

            thrown.add(assertThrows(NotConnectedException.class, () -> client.read(new byte[1])));
            thrown.add(assertThrows(NotConnectedException.class, () -> client.write(new byte[1])));
            thrown.add(assertThrows(NotConnectedException.class, () -> client.inputStream().read()));
            thrown.add(assertThrows(NotConnectedException.class, () -> client.inputStream().read(new byte[4])));
            thrown.add(assertThrows(NotConnectedException.class, () -> client.outputStream().write(1)));
            thrown.add(assertThrows(NotConnectedException.class, () -> client.outputStream().write(new byte[4])));

            assertTrue(rec.awaitErrors(thrown.size(), EventRecorder.EVENTUALLY), rec::sequence);
            for (int i = 0; i < thrown.size(); i++) {
                assertEquals("invalid connection", thrown.get(i).getMessage());
                assertSame(thrown.get(i), rec.errors().get(i), "error " + i);
            }
        }
    }

    @TransportTest
    void cs111_eightConcurrentClosesEmitOneCloseAndTheServerSeesOneClose(String transport) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertTrue(server.awaitOpenConnections(1, EventRecorder.EVENTUALLY));
            EventRecorder rec = EventRecorder.on(client);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> closes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                closes.add(pool.submit(() -> {
                    start.await();
                    client.close();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> close : closes) {
                close.get(5, TimeUnit.SECONDS); // throws if a close() threw
            }

            assertFalse(client.isConnected());
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY), "the server saw no close");
            assertFalse(rec.awaitCount(2, NEVER), () -> "expected one CLOSE: " + rec.sequence());
            assertEquals(1, server.events().size(), () -> server.events().toString());
            assertEquals(Ending.PEER_EOF, server.events().get(0).ending(), () -> server.events().toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
