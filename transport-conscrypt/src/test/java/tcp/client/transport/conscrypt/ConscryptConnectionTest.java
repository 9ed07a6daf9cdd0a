package tcp.client.transport.conscrypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Ending;
import tcp.client.testkit.TestServer;

/** Reads, writes, half-close, close and cancellation over Conscrypt's TLS. */
@Timeout(30)
class ConscryptConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ClientTCP tlsClient(TestServer server) {
        return Echo.client(server.address()).tls(Echo.trustingTestRoot().build(), "localhost").build();
    }

    @Test
    void closeUnblocksABlockedTlsReadWithAnException() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.SILENT)) {
            ClientTCP client = tlsClient(server);
            Thread reader;
            try {
                client.connect();
                CompletableFuture<Integer> read = new CompletableFuture<>();
                reader = new Thread(() -> {
                    try {
                        read.complete(client.read(new byte[16]));
                    } catch (Throwable e) {
                        read.completeExceptionally(e);
                    }
                }, "blocked-reader");
                reader.start();
                awaitBlockedInConscryptRead(reader);
                client.close();
                ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(2, TimeUnit.SECONDS),
                        "a read that close() interrupted must throw, not return -1");
                assertTrue(e.getCause() instanceof IOException, e::toString);
                assertFalse(client.isConnected());
            } finally {
                client.close();
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** A bounded poll: until the thread's stack shows it inside Conscrypt's read. */
    private static void awaitBlockedInConscryptRead(Thread reader) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean inRead = Arrays.stream(reader.getStackTrace())
                    .anyMatch(f -> f.getClassName().startsWith("org.conscrypt") && f.getMethodName().startsWith("read"));
            if (inRead) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError("reader never blocked in Conscrypt's read: " + Arrays.toString(reader.getStackTrace()));
    }

    @Test
    void cancellingConnectAsyncDuringAHandshakeEndsWithin500Ms() throws Exception {
        // A plain server that reads the ClientHello and never answers: the handshake hangs.
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = tlsClient(server)) {
            CompletableFuture<Void> connecting = client.connectAsync(Duration.ofSeconds(20));
            assertTrue(server.awaitAccepted(1, WAIT));
            long start = System.nanoTime();
            connecting.cancel(true);
            assertThrows(CancellationException.class, () -> connecting.get(500, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
            assertFalse(client.isConnected());
            assertTrue(server.awaitEnds(1, WAIT), "the aborted socket was left open");
        }
    }

    @Test
    void halfCloseSendsCloseNotifyAndKeepsReading() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.HALF_CLOSE_ECHO);
             ClientTCP client = tlsClient(server)) {
            client.connect();
            client.write("ping".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[64];
            for (int n; (n = client.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
            assertEquals("pingbye", got.toString(StandardCharsets.US_ASCII));
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.CLOSE_NOTIFY, server.events().get(0).ending(), () -> server.events().toString());
        }
    }

    @Test
    void writeAfterHalfCloseThrows() throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.HALF_CLOSE_ECHO);
             ClientTCP client = tlsClient(server)) {
            client.connect();
            client.shutdownOutput();
            assertThrows(IOException.class, () -> client.write("late".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void closeSendsCloseNotify() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            try (ClientTCP client = tlsClient(server)) {
                client.connect();
                assertEquals("bye", Echo.roundTrip(client, "bye"));
            }
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.CLOSE_NOTIFY, server.events().get(0).ending(), () -> server.events().toString());
        }
    }

    @Test
    void oneMebibyteFullDuplexIsByteExact() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(42).nextBytes(data);
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = tlsClient(server)) {
            client.connect();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < data.length; off += 64 * 1024) {
                        client.write(data, off, 64 * 1024);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = Echo.readExactly(client, data.length);
            writer.get(10, TimeUnit.SECONDS);
            assertArrayEquals(data, back);
        }
    }
}
