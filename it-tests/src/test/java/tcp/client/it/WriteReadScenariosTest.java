package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.NotConnectedException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md sections D (write, CS-024 to CS-029) and E (read, CS-030 to CS-037). */
@Timeout(60)
class WriteReadScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms. */
    private static final Duration NEVER = Duration.ofMillis(300);

    // ---- D. Write ----

    @TransportTest
    void cs024_writeReturnsTheLengthEveryTime(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            byte[] hello = "Hello World\n".getBytes(UTF_8);
            assertEquals(12, client.write(hello));
            assertEquals("Hello World\n", new String(readFully(client, 12), UTF_8));
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                byte[] msg = ("message " + i + "\n").getBytes(UTF_8);
                assertEquals(msg.length, client.write(msg), "write " + i);
                sent.write(msg);
            }
            assertArrayEquals(sent.toByteArray(), readFully(client, sent.size()));
        }
    }

    @TransportTest
    void cs025_emptyWriteReturnsZeroAndEmitsWrite(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertEquals(0, client.write(new byte[0]));
            assertEquals(0, client.write(new byte[8], 4, 0));
            assertTrue(rec.await(l -> l.stream().filter(e -> e.state() == ConnState.WRITE).count() == 2,
                    EventRecorder.EVENTUALLY), rec.sequence());
            assertTrue(rec.errors().isEmpty(), rec.sequence());
            assertEquals("ok\n", echo(client, "ok\n"));
        }
    }

    @TransportTest
    void cs026_nullWriteThrowsNpeWithoutEvent(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertTrue(rec.awaitState(ConnState.NEW, EventRecorder.EVENTUALLY));
            assertThrows(NullPointerException.class, () -> client.write(null));
            assertThrows(NullPointerException.class, () -> client.write(null, 0, 0));
            assertFalse(rec.awaitState(ConnState.WRITE, NEVER), "no WRITE for a null buffer: " + rec.sequence());
            assertTrue(rec.errors().isEmpty(), rec.sequence());
            assertTrue(client.isConnected());
            assertEquals("usable\n", echo(client, "usable\n"));
        }
    }

    @TransportTest
    void cs027_largeWriteIsWrittenWhole(String transport) throws Exception {
        byte[] data = new byte[100 * 1024];
        new Random(27).nextBytes(data);
        ExecutorService drain = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            Future<byte[]> echoed = drain.submit(() -> readFully(client, data.length));
            assertEquals(data.length, client.write(data));
            assertArrayEquals(data, echoed.get(10, SECONDS));
        } finally {
            drain.shutdownNow();
        }
    }

    @TransportTest
    void cs028_writeWithoutConnectionIsReported(String transport) throws Exception {
        try (ClientTCP client = Tck.client(transport, "127.0.0.1:9")) {
            EventRecorder rec = EventRecorder.on(client);
            NotConnectedException e = assertThrows(NotConnectedException.class,
                    () -> client.write("x".getBytes(UTF_8)));
            assertEquals("invalid connection", e.getMessage());
            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec.sequence());
            assertSame(e, rec.errors().get(0));
            assertFalse(rec.awaitState(ConnState.WRITE, NEVER), rec.sequence());
            assertEquals(1, rec.events().size(), rec.sequence());
            assertEquals(0, rec.errorArgumentCountViolations());
        }
    }

    @TransportTest
    void cs029_badBoundsAndTheOutputView(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            OutputStream view = client.outputStream();
            byte[] b = new byte[8];
            int[][] bad = {{-1, 1}, {0, 9}, {2, -1}, {8, 1}, {Integer.MAX_VALUE, 2}};
            for (int[] bounds : bad) {
                String what = "off=" + bounds[0] + " len=" + bounds[1];
                assertThrows(IndexOutOfBoundsException.class, () -> client.write(b, bounds[0], bounds[1]), what);
                assertThrows(IndexOutOfBoundsException.class, () -> view.write(b, bounds[0], bounds[1]), "view " + what);
            }
            assertFalse(rec.awaitState(ConnState.WRITE, NEVER), "no WRITE for bad bounds: " + rec.sequence());
            assertTrue(rec.errors().isEmpty(), rec.sequence());
            // Nothing is buffered: the bytes reach the server (and come back) without a flush.
            view.write("view".getBytes(UTF_8));
            view.write('\n');
            assertEquals("view\n", new String(readFully(client, 5), UTF_8));
            view.flush();
            client.close();
            view.flush(); // does nothing, connected or not: no exception, no error callback
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec.sequence());
            assertFalse(rec.awaitErrors(1, NEVER), rec.sequence());
        }
    }

    // ---- E. Read ----

    @TransportTest
    void cs030_readReturnsTheEchoExactly(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            for (String msg : List.of("Hello, World!\n", "second\n", "third\n")) {
                client.write(msg.getBytes(UTF_8));
                assertEquals(msg, new String(readFully(client, msg.length()), UTF_8));
            }
        }
    }

    @TransportTest
    void cs031_smallBufferReadsReassemble(String transport) throws Exception {
        String message = "The quick brown fox jumps over the lazy dog\n";
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            client.write(message.getBytes(UTF_8));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[5];
            for (int reads = 0; got.size() < message.length() && reads < message.length(); reads++) {
                int n = client.read(buffer);
                assertTrue(n >= 1 && n <= 5, "read returned " + n);
                got.write(buffer, 0, n);
            }
            assertEquals(message, got.toString(UTF_8));
        }
    }

    @TransportTest
    void cs032_noImplicitReadTimeout(String transport) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertTrue(server.awaitOpenConnections(1, EventRecorder.EVENTUALLY));
            Future<String> read = reader.submit(() -> {
                byte[] b = new byte[16];
                int n = client.read(b);
                return n < 0 ? "EOF" : new String(b, 0, n, UTF_8);
            });
            assertThrows(TimeoutException.class, () -> read.get(500, MILLISECONDS),
                    "the read must still be blocked after 500 ms");
            assertEquals(1, server.sendToAll("late".getBytes(UTF_8)));
            assertEquals("late", read.get(Tck.PROMPTLY.toMillis(), MILLISECONDS));
        } finally {
            reader.shutdownNow();
        }
    }

    @TransportTest
    void cs033_zeroLengthReadReturnsAtOnce(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            long start = System.nanoTime();
            assertEquals(0, client.read(new byte[0]));
            assertEquals(0, client.read(new byte[8], 3, 0));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Tck.PROMPTLY) < 0, "zero-length reads took " + took);
            assertTrue(rec.await(l -> l.stream().filter(e -> e.state() == ConnState.READ).count() == 2,
                    EventRecorder.EVENTUALLY), rec.sequence());
            assertThrows(NullPointerException.class, () -> client.read(null));
            assertThrows(NullPointerException.class, () -> client.read(null, 0, 0));
            assertTrue(client.isConnected());
        }
    }

    @TransportTest
    void cs034_readWithoutConnectionIsReported(String transport) throws Exception {
        try (ClientTCP client = Tck.client(transport, "127.0.0.1:9")) {
            EventRecorder rec = EventRecorder.on(client);
            NotConnectedException e = assertThrows(NotConnectedException.class, () -> client.read(new byte[4]));
            assertEquals("invalid connection", e.getMessage());
            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec.sequence());
            assertSame(e, rec.errors().get(0));
            assertFalse(rec.awaitState(ConnState.READ, NEVER), rec.sequence());
        }
    }

    @TransportTest
    void cs035_endOfStreamIsRepeatableAndNoError(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.CLOSER);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            for (int i = 0; i < 3; i++) {
                assertEquals(-1, client.read(new byte[16]), "read " + i);
            }
            assertEquals(-1, client.inputStream().read());
            assertFalse(rec.awaitErrors(1, NEVER), "end of stream is not an error: " + rec.sequence());
            assertTrue(client.isConnected());
        }
    }

    @TransportTest
    void cs036_dataThenEndOfStream(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.sendThenClose("bye"));
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertEquals("bye", readToEnd(client));
            assertEquals(-1, client.read(new byte[8]));
        }
    }

    @TransportTest
    void cs036_dataThenEndOfStreamOverTls(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.sendThenClose("bye"));
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertTrue(client.tlsSession().isPresent());
            assertEquals("bye", readToEnd(client));
            assertEquals(-1, client.read(new byte[8]));
            assertFalse(rec.awaitErrors(1, NEVER), rec.sequence());
        }
    }

    @TransportTest
    void cs037_inputViewFollowsTheCurrentConnection(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.LINE1);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = EventRecorder.on(client);
            InputStream in = client.inputStream();
            OutputStream out = client.outputStream();
            client.connect(Tck.CONNECT);
            client.write(new byte[] {0, 1, 127, (byte) 128, (byte) 255, '\n'});
            for (int expected : new int[] {0, 1, 127, 128, 255, '\n'}) {
                assertEquals(expected, in.read());
            }
            assertEquals(-1, in.read(), "LINE1 closed after the line");
            client.close();
            client.connect(Tck.CONNECT);
            out.write("again\n".getBytes(UTF_8));
            assertEquals("again\n", new String(in.readNBytes(6), UTF_8), "the same view reads the new connection");
            assertEquals(-1, in.read());
            in.close(); // behaves like client.close()
            assertFalse(client.isConnected());
            in.close(); // never throws, even when there is nothing to close
            assertTrue(rec.await(l -> l.stream().filter(e -> e.state() == ConnState.CLOSE).count() == 2,
                    EventRecorder.EVENTUALLY), rec.sequence());
            assertFalse(rec.awaitErrors(1, NEVER), rec.sequence());
        }
    }

    // ---- helpers ----

    private static byte[] readFully(ClientTCP client, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = client.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("end of stream after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return b;
    }

    /** Reads until end of stream; at most 1000 reads. */
    private static String readToEnd(ClientTCP client) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[64];
        for (int reads = 0; reads < 1000; reads++) {
            int n = client.read(b);
            if (n < 0) {
                return got.toString(UTF_8);
            }
            got.write(b, 0, n);
        }
        throw new AssertionError("no end of stream after 1000 reads: " + got.toString(UTF_8));
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] out = text.getBytes(UTF_8);
        assertEquals(out.length, client.write(out));
        return new String(readFully(client, out.length), UTF_8);
    }
}
