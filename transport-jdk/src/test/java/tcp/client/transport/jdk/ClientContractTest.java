package tcp.client.transport.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.NotConnectedException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Blackhole;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.TestServer;

/** The rules of API.md, checked on the JDK transport. */
@Timeout(30)
class ClientContractTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    @Test
    void closeIsIdempotentAndReportsOneClose() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            Recorder rec = new Recorder();
            client.registerFuncInfo(rec);
            client.close();
            client.connect(CONNECT);
            client.close();
            client.close();
            assertFalse(client.isConnected());
            assertTrue(rec.awaitCount(3));
            assertTrue(server.awaitOpenConnections(0, CONNECT));
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.CLOSE), rec.snapshot());
        }
    }

    @Test
    void streamViewsAreTheSameOnEveryCall() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            assertSame(client.inputStream(), client.inputStream());
            assertSame(client.outputStream(), client.outputStream());
            client.connect(CONNECT);
            assertSame(client.inputStream(), client.inputStream());
            client.outputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("ping".getBytes(StandardCharsets.UTF_8), client.inputStream().readNBytes(4));
        }
    }

    @Test
    void connectReplacesOldConnectionAndReportsClose() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            Recorder rec = new Recorder();
            client.registerFuncInfo(rec);
            client.connect(CONNECT);
            client.connect(CONNECT);
            assertTrue(rec.awaitCount(5));
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.DIAL, ConnState.NEW, ConnState.CLOSE),
                    rec.snapshot());
            assertTrue(server.awaitOpenConnections(1, CONNECT));
            assertEquals("ping", echo(client, "ping"));
        }
    }

    @Test
    void notConnectedErrorsAreThrownAndReportedWithTheSameInstance() throws Exception {
        try (ClientTCP client = ClientTCP.create("127.0.0.1:9")) {
            Recorder rec = new Recorder();
            client.registerFuncError(rec);
            NotConnectedException r = assertThrows(NotConnectedException.class, () -> client.read(new byte[4]));
            NotConnectedException w = assertThrows(NotConnectedException.class, () -> client.write(new byte[4]));
            assertEquals("invalid connection", r.getMessage());
            assertTrue(rec.awaitCount(2));
            assertSame(r, rec.snapshot().get(0));
            assertSame(w, rec.snapshot().get(1));
        }
    }

    @Test
    void failedConnectLeavesClientDisconnectedAndReportsDialThenError() throws Exception {
        DeadPort dead = DeadPort.reserve();
        try (ClientTCP client = ClientTCP.create(dead.address())) {
            Recorder rec = new Recorder();
            client.registerFuncInfo(rec);
            client.registerFuncError(rec);
            ConnectException e = assertThrows(ConnectException.class, () -> client.connect(CONNECT));
            assertFalse(client.isConnected());
            assertTrue(rec.awaitCount(2));
            assertEquals(ConnState.DIAL, rec.snapshot().get(0));
            assertSame(e, rec.snapshot().get(1));
        }
    }

    @Test
    void callbacksArriveInOrderOffTheIoThreadAndAThrowingCallbackChangesNothing() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            Recorder rec = new Recorder();
            client.registerFuncInfo((l, r, s) -> {
                rec.onInfo(l, r, s);
                throw new IllegalStateException("callback failure must not reach the caller");
            });
            client.connect(CONNECT);
            assertEquals("abc", echo(client, "abc"));
            client.close();
            assertTrue(rec.await(l -> l.contains(ConnState.CLOSE)));
            List<Object> seen = rec.snapshot();
            assertEquals(List.of(ConnState.DIAL, ConnState.NEW, ConnState.WRITE, ConnState.READ), seen.subList(0, 4));
            // readNBytes may read more than once: only READs may come between.
            assertTrue(seen.subList(4, seen.size() - 1).stream().allMatch(ConnState.READ::equals), seen.toString());
            assertEquals(ConnState.CLOSE, seen.get(seen.size() - 1));
            synchronized (rec) {
                rec.threads.forEach(t -> assertNotEquals(Thread.currentThread(), t));
            }
        }
    }

    @Test
    void aSlowCallbackDoesNotSlowTheIo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.registerFuncInfo((l, r, s) -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            client.connect(CONNECT);
            for (int i = 0; i < 20; i++) {
                assertEquals("m" + i, echo(client, "m" + i));
            }
            // Every round trip finished while the first callback was still blocked.
            assertEquals(1, release.getCount());
        } finally {
            release.countDown();
        }
    }

    @Test
    void onceClosesInEveryCase() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = ClientTCP.create(server.address())) {
            AtomicReference<String> got = new AtomicReference<>();
            client.once(CONNECT, new ByteArrayInputStream("ping\n".getBytes(StandardCharsets.UTF_8)),
                    in -> got.set(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            assertEquals("ping\n", got.get());
            assertFalse(client.isConnected());

            IllegalStateException boom = new IllegalStateException("handler failed");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> client.once(CONNECT, new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), in -> {
                        throw boom;
                    }));
            assertSame(boom, thrown);
            assertFalse(client.isConnected());

            IOException requestFailure = new IOException("request stream broke");
            assertSame(requestFailure, assertThrows(IOException.class, () -> client.once(CONNECT,
                    new java.io.InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw requestFailure;
                        }
                    }, in -> {
                        throw new AssertionError("handler must not run");
                    })));
            assertFalse(client.isConnected());
            assertTrue(server.awaitOpenConnections(0, CONNECT));
        }
    }

    @Test
    void onceOnAConnectedClientIsRefusedAndLeavesTheConnectionAlone() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.connect(CONNECT);
            assertThrows(IllegalStateException.class, () -> client.once(null, null));
            assertTrue(client.isConnected());
            assertEquals("still", echo(client, "still"));
        }
    }

    @Test
    void readAndWriteRunFullDuplexFromTwoThreads() throws Exception {
        byte[] data = new byte[4 << 20];
        new java.util.Random(7).nextBytes(data);
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.connect(CONNECT);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < data.length; off += 65536) {
                        client.write(data, off, 65536);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = client.inputStream().readNBytes(data.length);
            writer.get(20, TimeUnit.SECONDS);
            assertArrayEquals(data, back);
        }
    }

    @Test
    void closeUnblocksABlockedReadWithAnIoExceptionNotEndOfStream() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.connect(CONNECT);
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.read(new byte[16]);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Recorder rec = new Recorder();
            client.registerFuncError(rec);
            // Give the reader a moment to block; if it has not yet, it then sees NotConnectedException: also an IOException.
            assertThrows(java.util.concurrent.TimeoutException.class, () -> read.get(200, TimeUnit.MILLISECONDS));
            client.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(1, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof java.io.UncheckedIOException, String.valueOf(e.getCause()));
        }
    }

    @Test
    void endOfStreamIsMinusOneAndNoError() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.CLOSER);
             ClientTCP client = ClientTCP.create(server.address())) {
            Recorder rec = new Recorder();
            client.registerFuncError(rec);
            client.connect(CONNECT);
            assertEquals(-1, client.read(new byte[8]));
            assertEquals(-1, client.read(new byte[8]));
            assertTrue(client.isConnected());
            client.close();
            assertTrue(rec.snapshot().isEmpty());
        }
    }

    @Test
    void connectTimesOutAgainstABlackhole() throws Exception {
        try (Blackhole hole = Blackhole.open();
             ClientTCP client = ClientTCP.create(hole.address())) {
            long start = System.nanoTime();
            assertThrows(java.net.SocketTimeoutException.class, () -> client.connect(Duration.ofMillis(500)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 450 && ms < 3000, ms + " ms");
            assertFalse(client.isConnected());
        }
    }

    @Test
    void cancelAbortsADialInFlight() throws Exception {
        try (Blackhole hole = Blackhole.open();
             ClientTCP client = ClientTCP.create(hole.address())) {
            CompletableFuture<Void> f = client.connectAsync(Duration.ofSeconds(20));
            assertThrows(java.util.concurrent.TimeoutException.class, () -> f.get(200, TimeUnit.MILLISECONDS));
            assertTrue(f.cancel(true));
            assertThrows(CancellationException.class, () -> f.get(500, TimeUnit.MILLISECONDS));
            assertFalse(client.isConnected());
        }
    }

    @Test
    void interruptAbortsABlockingConnectAndKeepsTheFlag() throws Exception {
        try (Blackhole hole = Blackhole.open();
             ClientTCP client = ClientTCP.create(hole.address())) {
            Thread caller = Thread.currentThread();
            CountDownLatch dialing = new CountDownLatch(1);
            client.registerFuncInfo((l, r, s) -> {
                if (s == ConnState.DIAL) {
                    dialing.countDown();
                }
            });
            CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
                try {
                    if (dialing.await(5, TimeUnit.SECONDS)) {
                        caller.interrupt();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long start = System.nanoTime();
            InterruptedIOException e = assertThrows(InterruptedIOException.class,
                    () -> client.connect(Duration.ofSeconds(20)));
            assertFalse(e instanceof java.net.SocketTimeoutException);
            assertTrue(Thread.interrupted(), "interrupt flag kept");
            assertTrue((System.nanoTime() - start) / 1_000_000 < 2000);
            interrupter.get(5, TimeUnit.SECONDS);
            assertFalse(client.isConnected());
        }
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        client.write(out);
        return new String(client.inputStream().readNBytes(out.length), StandardCharsets.UTF_8);
    }
}
