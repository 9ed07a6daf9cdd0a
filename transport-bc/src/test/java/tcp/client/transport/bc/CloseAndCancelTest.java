package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** Closing, cancelling and half-closing behave as the SPI requires. */
@Timeout(30)
class CloseAndCancelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BothCryptos
    void closeUnblocksABlockedTlsReadWithAnException(String crypto) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.SILENT, TlsServerOptions.defaults())) {
            ClientTCP client = BcClients.tls(crypto, "localhost:" + server.port(), null);
            try {
                client.connect(WAIT);
                CompletableFuture<Object> read = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try {
                        read.complete(client.read(new byte[16]));
                    } catch (IOException | RuntimeException e) {
                        read.complete(e);
                    }
                }, "bc-blocked-reader");
                reader.start();
                awaitBlockedInSocketRead(reader);
                client.close();
                Object outcome = read.get(5, TimeUnit.SECONDS);
                assertTrue(outcome instanceof IOException, "read ended with " + outcome + ", not an IOException");
                reader.join(5_000);
            } finally {
                client.close();
            }
        }
    }

    @BothCryptos
    void cancellingConnectAsyncAbortsAStalledHandshakeAtOnce(String crypto) throws Exception {
        TlsServerOptions stalled = TlsServerOptions.builder().stallBeforeHandshake(true).build();
        try (TestServer server = TestServer.tls(Behaviour.SILENT, stalled);
             ClientTCP client = BcClients.tls(crypto, "localhost:" + server.port(), null)) {
            CompletableFuture<Void> connecting = client.connectAsync(Duration.ofSeconds(20));
            assertTrue(server.awaitAccepted(1, WAIT));
            long start = System.nanoTime();
            assertTrue(connecting.cancel(true), () -> "cancel(true) came too late: " + outcome(connecting));
            assertThrows(CancellationException.class, () -> connecting.get(500, TimeUnit.MILLISECONDS));
            // The socket was closed under the handshake: the server sees the connection end.
            assertTrue(server.awaitEnds(1, Duration.ofMillis(500)),
                    "connection still open " + (System.nanoTime() - start) / 1_000_000 + " ms after cancel");
            assertFalse(client.isConnected());
        }
    }

    @BothCryptos
    void tlsHalfCloseIsRefusedNamingTheTransport(String crypto) throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.HALF_CLOSE_ECHO, TlsServerOptions.defaults());
             ClientTCP client = BcClients.tls(crypto, "localhost:" + server.port(), null)) {
            client.connect(WAIT);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, client::shutdownOutput);
            assertTrue(e.getMessage().contains("bc"), e.getMessage());
            // The connection is untouched.
            assertEquals("still", EchoTest.roundTrip(client, "still"));
        }
    }

    @BothCryptos
    void plainHalfCloseKeepsReading(String crypto) throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.HALF_CLOSE_ECHO);
             ClientTCP client = BcClients.build(crypto, server.address(), b -> b)) {
            client.connect(WAIT);
            client.write("abc".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertEquals("abcbye", new String(client.inputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    private static String outcome(CompletableFuture<Void> future) {
        try {
            future.getNow(null);
            return "the future had completed normally";
        } catch (RuntimeException e) {
            StringBuilder chain = new StringBuilder("the future had completed with");
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(" <- ").append(t);
            }
            return chain.toString();
        }
    }

    /** A bounded poll until the thread sits in a socket read, so that close() really interrupts one. */
    private static void awaitBlockedInSocketRead(Thread reader)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (StackTraceElement frame : reader.getStackTrace()) {
                if (frame.getClassName().startsWith("sun.nio.ch.") && frame.getMethodName().contains("read")) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        fail("reader never blocked in a socket read");
    }
}
