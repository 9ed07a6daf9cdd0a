package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FrameTooLongException;
import tcp.client.framing.FramedClient;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section AC: framing over every transport, TLS (CS-208 to CS-211). */
@Timeout(60)
class FramingScenariosTest {
    private static final int WRITERS = 8;
    private static final int FRAMES_PER_WRITER = 300;

    @TransportTest
    void cs208_everyCodecRoundTripsOverTls(String transport) throws Exception {
        List<FrameCodec> codecs = List.of(FrameCodec.lines(), FrameCodec.delimited(new byte[] {'#', '#'}, 1 << 16),
                FrameCodec.lengthPrefixed(1, ByteOrder.BIG_ENDIAN, 255),
                FrameCodec.lengthPrefixed(2, ByteOrder.LITTLE_ENDIAN, 60_000),
                FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, 1 << 20),
                FrameCodec.lengthPrefixed(8, ByteOrder.LITTLE_ENDIAN, 1 << 20));
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            for (FrameCodec codec : codecs) {
                try (FramedClient framed = FramedClient.of(Tck.tlsClient(transport, server.address()), codec)) {
                    framed.client().connect(Tck.CONNECT);
                    List<byte[]> frames = new ArrayList<>();
                    for (int size : new int[] {0, 1, 200, 255}) {
                        frames.add("x".repeat(size).getBytes(UTF_8));
                    }
                    framed.writeFrames(frames);
                    framed.writeFrame(bytes("last"));
                    for (byte[] frame : frames) {
                        assertArrayEquals(frame, framed.readFrame(), codec::toString);
                    }
                    assertEquals("last", new String(framed.readFrame(), UTF_8), codec::toString);
                }
            }
        }
    }

    @TransportTest
    void cs209_framesSplitAcrossRecordsAndSegments(String transport) throws Exception {
        // The server writes one byte per TLS record: every frame arrives in pieces.
        Behaviour dribble = Behaviour.of("DRIBBLE", socket -> {
            OutputStream out = socket.getOutputStream();
            for (byte b : bytes("alpha\r\nbeta\n\ngamma\n")) {
                out.write(b);
                out.flush();
            }
        });
        try (TestServer server = TestServer.tls(dribble);
             FramedClient framed = FramedClient.of(Tck.tlsClient(transport, server.address()), FrameCodec.lines())) {
            framed.client().connect(Tck.CONNECT);
            assertEquals("alpha", new String(framed.readFrame(), UTF_8));
            assertEquals("beta", new String(framed.readFrame(), UTF_8));
            assertEquals("", new String(framed.readFrame(), UTF_8));
            assertEquals("gamma", new String(framed.readFrame(), UTF_8));
            assertNull(framed.readFrame(), "a clean end of stream between frames");
        }
    }

    @TransportTest
    void cs210_tooLongAndPartialFramesOverTls(String transport) throws Exception {
        Behaviour huge = Behaviour.of("HUGE_PREFIX", socket -> {
            // Claims 2^31 - 1 bytes; sends a few.
            socket.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            socket.getOutputStream().flush();
            socket.getInputStream().read();
        });
        try (TestServer server = TestServer.tls(huge);
             FramedClient framed = FramedClient.of(Tck.tlsClient(transport, server.address()),
                     FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, 1 << 20))) {
            framed.client().connect(Tck.CONNECT);
            FrameTooLongException e = assertThrows(FrameTooLongException.class, framed::readFrame);
            assertTrue(e.getMessage().contains("2147483647"), e::getMessage);
            assertFalse(framed.client().isConnected(), "the stream cannot be trusted after it: closed");
        }
        try (TestServer server = TestServer.tls(Behaviour.sendThenClose("no newline"));
             FramedClient framed = FramedClient.of(Tck.tlsClient(transport, server.address()), FrameCodec.lines())) {
            framed.client().connect(Tck.CONNECT);
            assertThrows(EOFException.class, framed::readFrame);
        }
    }

    @TransportTest
    void cs211_concurrentWritersNeverInterleaveFrames(String transport) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             FramedClient framed = FramedClient.of(Tck.tlsClient(transport, server.address()),
                     FrameCodec.lengthPrefixed(2, ByteOrder.BIG_ENDIAN, 4096))) {
            framed.client().connect(Tck.CONNECT);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < FRAMES_PER_WRITER; i++) {
                        // Sizes vary so that frames straddle TLS records and TCP segments.
                        String body = writer + ":" + i + ":" + "z".repeat((writer * 131 + i * 17) % 1500);
                        framed.writeFrame(bytes(body));
                    }
                    return null;
                }));
            }
            Set<String> seen = new HashSet<>();
            int[] next = new int[WRITERS];
            for (int n = 0; n < WRITERS * FRAMES_PER_WRITER; n++) {
                String frame = new String(framed.readFrame(), UTF_8);
                String[] parts = frame.split(":", 3);
                int writer = Integer.parseInt(parts[0]);
                int index = Integer.parseInt(parts[1]);
                assertEquals("z".repeat((writer * 131 + index * 17) % 1500), parts[2], "frame " + writer + ":" + index);
                assertEquals(next[writer]++, index, "each writer's frames in its order");
                assertTrue(seen.add(writer + ":" + index));
            }
            for (Future<?> f : writers) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
