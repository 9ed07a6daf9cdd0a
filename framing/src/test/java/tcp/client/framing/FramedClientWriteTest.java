package tcp.client.framing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.framing.FrameCodecTest.assertMessage;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** How frames go out: one write each, refusals that write nothing, and concurrent writers. */
@Timeout(60)
class FramedClientWriteTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    @Test
    void writeFramesIsOneWriteAndSmallWriteFrameIsOneWrite() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            CountingClient counting = new CountingClient(ClientTCP.create(server.address()));
            try (FramedClient framed = FramedClient.of(counting, FrameCodec.lengthPrefixed(2, ByteOrder.BIG_ENDIAN, 60_000))) {
                counting.connect(CONNECT);
                List<byte[]> payloads = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    payloads.add(FramedClientRoundTripTest.pattern(i * 100));
                }
                framed.writeFrames(payloads);
                assertEquals(1, counting.writes.get());
                framed.writeFrame("one".getBytes(UTF_8));
                assertEquals(2, counting.writes.get());
                // Past the reused buffer's 64 KiB, one-off buffers still make one write.
                framed.writeFrames(List.of(FramedClientRoundTripTest.pattern(60_000), FramedClientRoundTripTest.pattern(60_000)));
                assertEquals(3, counting.writes.get());
                framed.writeFrames(List.of());
                assertEquals(3, counting.writes.get());
                for (byte[] payload : payloads) {
                    assertArrayEquals(payload, framed.readFrame());
                }
                assertEquals("one", new String(framed.readFrame(), UTF_8));
                assertEquals(60_000, framed.readFrame().length);
                assertEquals(60_000, framed.readFrame().length);
            }
        }
    }

    @Test
    void writeFrameOverSixtyFourKibibytesIsTwoWritesUnderTheLock() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            CountingClient counting = new CountingClient(ClientTCP.create(server.address()));
            try (FramedClient framed = FramedClient.of(counting, FrameCodec.lines(1 << 20))) {
                counting.connect(CONNECT);
                byte[] big = FramedClientRoundTripTest.pattern(100_000);
                framed.writeFrame(big);
                assertEquals(2, counting.writes.get());
                assertEquals(100_001, counting.bytesWritten.get());
                assertArrayEquals(big, framed.readFrame());
            }
        }
    }

    @Test
    void refusedPayloadsNameTheValueAndWriteNothing() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            CountingClient counting = new CountingClient(ClientTCP.create(server.address()));
            try (FramedClient lines = FramedClient.of(counting, FrameCodec.lines(100))) {
                counting.connect(CONNECT);
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> lines.writeFrame("ab\ncd".getBytes(UTF_8))), "payload of 5 bytes contains the delimiter [10] at offset 2");
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> lines.writeFrame(new byte[101])), "payload of 101 bytes exceeds maxFrameLength 100");
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> lines.writeFrame("ab\r".getBytes(UTF_8))), "ends with '\\r'");
                assertMessage(assertThrows(NullPointerException.class, () -> lines.writeFrame(null)), "payload");
                List<byte[]> batch = Arrays.asList("ok".getBytes(UTF_8), "ok".getBytes(UTF_8), "bad\n".getBytes(UTF_8));
                assertMessage(assertThrows(IllegalArgumentException.class, () -> lines.writeFrames(batch)),
                        "payloads[2] of 4 bytes contains the delimiter");
                List<byte[]> withNull = Arrays.asList("ok".getBytes(UTF_8), null);
                assertMessage(assertThrows(NullPointerException.class, () -> lines.writeFrames(withNull)), "payloads[1]");
                assertThrows(NullPointerException.class, () -> lines.writeFrames(null));
                assertEquals(0, counting.writes.get());

                // The stream holds only what was accepted afterwards.
                lines.writeFrame("after".getBytes(UTF_8));
                assertEquals("after", new String(lines.readFrame(), UTF_8));
            }
        }
    }

    @Test
    void payloadThatRunsIntoAMultiByteDelimiterIsRefused() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            CountingClient counting = new CountingClient(ClientTCP.create(server.address()));
            try (FramedClient framed = FramedClient.of(counting, FrameCodec.delimited(new byte[] {'a', 'b', 'a', 'b'}, 100))) {
                counting.connect(CONNECT);
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> framed.writeFrame("xxabab".getBytes(UTF_8))), "contains the delimiter [97, 98, 97, 98] at offset 2");
                // "ab" + "abab" would read back as an empty frame followed by "ab".
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> framed.writeFrame("ab".getBytes(UTF_8))), "run into the delimiter [97, 98, 97, 98] at offset 0");
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> framed.writeFrames(List.of("aba".getBytes(UTF_8), "xab".getBytes(UTF_8)))), "payloads[1] of 3 bytes ends with bytes that run into");
                assertEquals(0, counting.writes.get());
                framed.writeFrame("bba".getBytes(UTF_8));
                framed.writeFrame("aba".getBytes(UTF_8));
                framed.writeFrame("ba".getBytes(UTF_8));
                assertEquals("bba", new String(framed.readFrame(), UTF_8));
                assertEquals("aba", new String(framed.readFrame(), UTF_8));
                assertEquals("ba", new String(framed.readFrame(), UTF_8));
            }
        }
    }

    @Test
    void lengthPrefixedPayloadOverTheMaximumIsRefused() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            CountingClient counting = new CountingClient(ClientTCP.create(server.address()));
            try (FramedClient framed = FramedClient.of(counting, FrameCodec.lengthPrefixed(1, ByteOrder.BIG_ENDIAN, 255))) {
                counting.connect(CONNECT);
                assertMessage(assertThrows(IllegalArgumentException.class, () -> framed.writeFrame(new byte[256])),
                        "payload of 256 bytes exceeds maxFrameLength 255");
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> framed.writeFrames(List.of(new byte[1], new byte[256]))), "payloads[1] of 256 bytes");
                assertEquals(0, counting.writes.get());
            }
        }
    }

    @Test
    void nullArgumentsToOfAreRefused() throws Exception {
        try (ClientTCP client = ClientTCP.create("127.0.0.1:1")) {
            assertMessage(assertThrows(NullPointerException.class, () -> FramedClient.of(null, FrameCodec.lines())), "client");
            assertMessage(assertThrows(NullPointerException.class, () -> FramedClient.of(client, null)), "codec");
            FramedClient framed = FramedClient.of(client, FrameCodec.lines());
            assertSame(client, framed.client());
        }
    }

    @Test
    void closeClosesTheClient() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), FrameCodec.lines());
            framed.client().connect(CONNECT);
            framed.close();
            assertFalse(framed.client().isConnected());
        }
    }

    static Stream<FrameCodec> concurrencyCodecs() {
        return Stream.of(FrameCodec.lines(), FrameCodec.delimited(new byte[] {'#', '#'}, 4096),
                FrameCodec.lengthPrefixed(4, ByteOrder.LITTLE_ENDIAN, 4096));
    }

    @ParameterizedTest
    @MethodSource("concurrencyCodecs")
    void concurrentWritersNeverInterleaveFrames(FrameCodec codec) throws Exception {
        int writers = 8;
        int perWriter = 500;
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), codec)) {
            framed.client().connect(CONNECT);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(pool.submit(() -> {
                        // Odd writers batch five frames per writeFrames; even ones write one at a time.
                        List<byte[]> batch = new ArrayList<>();
                        for (int i = 0; i < perWriter; i++) {
                            byte[] frame = frame(writer, i);
                            if (writer % 2 == 0) {
                                framed.writeFrame(frame);
                            } else {
                                batch.add(frame);
                                if (batch.size() == 5) {
                                    framed.writeFrames(batch);
                                    batch.clear();
                                }
                            }
                        }
                        return null;
                    }));
                }
                Map<Integer, Integer> next = new HashMap<>();
                for (int n = 0; n < writers * perWriter; n++) {
                    byte[] got = framed.readFrame();
                    assertNotNull(got, "stream ended after " + n + " frames");
                    String text = new String(got, UTF_8);
                    String[] parts = text.split(" ", 3);
                    assertEquals(3, parts.length, text);
                    int writer = Integer.parseInt(parts[0]);
                    int index = Integer.parseInt(parts[1]);
                    assertEquals(next.getOrDefault(writer, 0), index, "writer " + writer + "'s frames in order");
                    assertArrayEquals(frame(writer, index), got, "frame whole");
                    next.put(writer, index + 1);
                }
                for (Future<?> f : done) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            }
        }
    }

    /** Distinct content per writer and index, of varying length, containing no delimiter. */
    private static byte[] frame(int writer, int index) {
        char fill = (char) ('a' + writer);
        return (writer + " " + index + " " + String.valueOf(fill).repeat(1 + (index * 37) % 700)).getBytes(UTF_8);
    }
}
