package tcp.client.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Ending;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** CONFORMANCE.md section R (half-close and timeouts, CS-147 to CS-151), on every transport. */
@Timeout(60)
class HalfCloseAndTimeoutScenariosTest {
    private static final int MIB = 1 << 20;
    /** Bounds reads that expect data or an end of stream, so a missing one fails instead of hanging. */
    private static final Duration BOUNDED_READ = Duration.ofSeconds(5);

    @TransportTest
    void cs147_plainHalfCloseKeepsReading(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.HALF_CLOSE_ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).readTimeout(BOUNDED_READ).build()) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            client.write("hello".getBytes(US_ASCII));
            client.shutdownOutput();
            assertThrows(IOException.class, () -> client.write("late".getBytes(US_ASCII)),
                    "writing after shutdownOutput must fail");
            // The server read EOF, then still sent "bye": the client reads the rest, then -1.
            assertEquals("hellobye", readToEnd(client));
            assertEquals(-1, client.read(new byte[8]));
            assertTrue(client.isConnected(), "half-closed is still connected (local state)");
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY));
            assertEquals(Ending.PEER_EOF, server.events().get(0).ending());
            client.close();
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec.sequence());
            assertEquals(1, rec.states().stream().filter(s -> s == ConnState.CLOSE_WRITE).count(), rec.sequence());
        }
    }

    @TransportTest
    void cs148_tlsHalfCloseSendsCloseNotify(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.HALF_CLOSE_ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).tls(Tck.trustTestRoot(), "")
                     .readTimeout(BOUNDED_READ).build()) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertEquals("TLSv1.3", client.tlsSession().orElseThrow().protocol());
            client.write("hello".getBytes(US_ASCII));
            if (TransportGaps.cannotHalfCloseTls(transport)) {
                // Gap: refused with UnsupportedOperationException; nothing was closed either way.
                TransportGaps.assertHalfCloseRefused(transport, client);
                assertEquals("hello", new String(Tck.readExactly(client, 5), US_ASCII));
                client.write("still two-way\n".getBytes(US_ASCII));
                assertEquals("still two-way\n", new String(Tck.readExactly(client, 14), US_ASCII));
                assertEquals(1, server.openConnections(), "the server's connection must still be open");
                // Events arrive in order: once the later READ is in, a CLOSE_WRITE would be too.
                assertTrue(rec.awaitState(ConnState.READ, EventRecorder.EVENTUALLY), rec.sequence());
                assertFalse(rec.states().contains(ConnState.CLOSE_WRITE), rec.sequence());
                return;
            }
            client.shutdownOutput();
            assertEquals("hellobye", readToEnd(client));
            assertTrue(server.awaitEnds(1, EventRecorder.EVENTUALLY));
            assertEquals(Ending.CLOSE_NOTIFY, server.events().get(0).ending(), "the server must see close_notify");
            client.close();
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec.sequence());
            assertEquals(1, rec.states().stream().filter(s -> s == ConnState.CLOSE_WRITE).count(), rec.sequence());
        }
    }

    @TransportTest
    void cs149_readTimeoutLeavesTheConnectionUsable(String transport) throws Exception {
        // ECHO sends nothing until written to: silent for the first read.
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             TestServer tls = TestServer.tls(Behaviour.ECHO)) {
            for (TestServer server : List.of(plain, tls)) {
                ClientTCP.Builder builder = Tck.builder(transport, server.address()).readTimeout(Duration.ofMillis(200));
                if (server.isTls()) {
                    builder.tls(Tck.trustTestRoot(), "");
                }
                try (ClientTCP client = builder.build()) {
                    client.connect(Tck.CONNECT);
                    long start = System.nanoTime();
                    assertThrows(SocketTimeoutException.class, () -> client.read(new byte[16]), server.toString());
                    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue(tookMillis >= 150 && tookMillis <= 1500, server + ": timed out after " + tookMillis + " ms");
                    assertTrue(client.isConnected());
                    client.write("after timeout\n".getBytes(US_ASCII));
                    assertEquals("after timeout\n", new String(Tck.readExactly(client, 14), US_ASCII), server.toString());
                }
            }
        }
    }

    @TransportTest
    void cs150_handshakeTimeoutIsItsOwnLimit(String transport) throws Exception {
        TlsServerOptions stall = TlsServerOptions.builder().stallBeforeHandshake(true).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, stall);
             ClientTCP client = Tck.builder(transport, server.address())
                     .tls(Tck.trustTestRoot(), "")
                     .connectTimeout(Duration.ofSeconds(30))
                     .handshakeTimeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, client::connect);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis >= 250 && tookMillis <= 1500, "handshake timed out after " + tookMillis + " ms");
            assertFalse(client.isConnected());
            assertTrue(server.awaitOpenConnections(0, EventRecorder.EVENTUALLY), "a socket was left open");
        }
    }

    @TransportTest
    @Timeout(120)
    void cs151_blockedLargeWriteDoesNotGrowTheHeap(String transport) throws Exception {
        byte[] chunk = new byte[64 * MIB];
        for (int i = 0; i < chunk.length; i += 4096) {
            chunk[i] = (byte) i;
        }
        ExecutorService writerThread = Executors.newSingleThreadExecutor();
        try (TestServer plain = TestServer.plain(Behaviour.STALL);
             TestServer tls = TestServer.tls(Behaviour.STALL)) {
            for (TestServer server : List.of(plain, tls)) {
                ClientTCP.Builder builder = Tck.builder(transport, server.address());
                if (server.isTls()) {
                    builder.tls(Tck.trustTestRoot(), "");
                }
                try (ClientTCP client = builder.build()) {
                    client.connect(Tck.CONNECT);
                    long baseline = usedHeapAfterGc();
                    Future<Integer> write = writerThread.submit(() -> client.write(chunk));
                    try {
                        write.get(500, TimeUnit.MILLISECONDS);
                        fail(server + ": a 64 MiB write to a server that does not read must block");
                    } catch (TimeoutException blocked) {
                        // Backpressure: the write is blocked, as it must be.
                    }
                    long growth = usedHeapAfterGc() - baseline;
                    assertTrue(growth < 2L * chunk.length, server + ": heap grew by " + growth / MIB
                            + " MiB while writing a 64 MiB chunk (limit " + 2 * chunk.length / MIB + " MiB)");
                    client.close();
                    ExecutionException failed = assertThrows(ExecutionException.class,
                            () -> write.get(Tck.PROMPTLY.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS),
                            server + ": close must unblock the write promptly");
                    assertInstanceOf(IOException.class, failed.getCause(), server.toString());
                }
            }
        } finally {
            writerThread.shutdownNow();
            assertTrue(writerThread.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    /**
     * Used heap after a full collection; the smallest of three bounded attempts. Runtime's
     * total minus free is the heap in use, the figure {@code MemoryMXBean.getHeapMemoryUsage()}
     * reports; the MXBean itself is out of reach because module {@code tcp.client.it} does not
     * read {@code java.management}.
     */
    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
        }
        return least;
    }

    private static String readToEnd(ClientTCP client) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        for (int i = 0; i < 1000; i++) {
            int n = client.read(buffer);
            if (n < 0) {
                return out.toString(US_ASCII);
            }
            out.write(buffer, 0, n);
        }
        throw new AssertionError("no end of stream after 1000 reads: " + out.toString(US_ASCII));
    }
}
