package tcp.client.framing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** Frames written and read back over a real loopback connection, for every codec. */
@Timeout(30)
class FramedClientRoundTripTest {
    static final Duration CONNECT = Duration.ofSeconds(5);

    static Stream<Arguments> codecs() {
        List<Arguments> all = new ArrayList<>();
        all.add(Arguments.of(FrameCodec.lines(1 << 20)));
        all.add(Arguments.of(FrameCodec.delimited(new byte[] {'\r', '\n', '\r', '\n'}, 1 << 20)));
        all.add(Arguments.of(FrameCodec.delimited(new byte[] {0}, 1 << 20)));
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            all.add(Arguments.of(FrameCodec.lengthPrefixed(1, order, 255)));
            all.add(Arguments.of(FrameCodec.lengthPrefixed(2, order, 65535)));
            all.add(Arguments.of(FrameCodec.lengthPrefixed(4, order, 1 << 20)));
            all.add(Arguments.of(FrameCodec.lengthPrefixed(8, order, 1 << 20)));
        }
        return all.stream();
    }

    /** Payloads that none of the delimiters occur in: empty, short, and up to the codec's maximum. */
    static List<byte[]> payloads(FrameCodec codec) {
        List<byte[]> payloads = new ArrayList<>();
        payloads.add(new byte[0]);
        payloads.add("hello".getBytes(UTF_8));
        payloads.add("a\rb".getBytes(UTF_8));
        for (int size : new int[] {200, 255, 9000, 65535, 70_000, 300_000}) {
            if (size <= codec.maxFrameLength()) {
                payloads.add(pattern(size));
            }
        }
        return payloads;
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('A' + i % 26);
        }
        return b;
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void framesComeBackWholeOverEcho(FrameCodec codec) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), codec)) {
            framed.client().connect(CONNECT);
            List<byte[]> payloads = payloads(codec);
            for (byte[] payload : payloads) {
                framed.writeFrame(payload);
                assertArrayEquals(payload, framed.readFrame(), codec::toString);
            }
            framed.writeFrames(payloads);
            for (byte[] payload : payloads) {
                assertArrayEquals(payload, framed.readFrame(), codec::toString);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void framesSplitIntoSingleByteSegmentsAreReassembled(FrameCodec codec) throws Exception {
        List<byte[]> payloads = List.of("first".getBytes(UTF_8), new byte[0], pattern(200), "last".getBytes(UTF_8));
        byte[] wire = wire(codec, payloads);
        try (TestServer server = TestServer.plain(socket -> {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                for (byte b : wire) {
                    out.write(b);
                    out.flush();
                }
            });
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), codec)) {
            framed.client().connect(CONNECT);
            for (byte[] payload : payloads) {
                assertArrayEquals(payload, framed.readFrame(), codec::toString);
            }
            assertNull(framed.readFrame());
        }
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void manyFramesInOneSegmentNeedFewReads(FrameCodec codec) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            payloads.add(("frame " + i).getBytes(UTF_8));
        }
        byte[] wire = wire(codec, payloads);
        try (TestServer server = TestServer.plain(socket -> {
                socket.getOutputStream().write(wire);
                socket.getOutputStream().flush();
            })) {
            CountingClient counting = new CountingClient(ClientTCP.create(server.address()));
            try (FramedClient framed = FramedClient.of(counting, codec)) {
                counting.connect(CONNECT);
                for (byte[] payload : payloads) {
                    assertArrayEquals(payload, framed.readFrame(), codec::toString);
                }
                assertNull(framed.readFrame());
                // About 12 KiB arrive in 8 KiB reads; a per-frame or per-byte read would need thousands.
                assertTrue(counting.reads.get() < 100, () -> counting.reads + " reads for 1000 frames");
            }
        }
    }

    @Test
    void linesFromACarriageReturnPeerLoseTheCarriageReturnOnly() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.sendThenClose("one\r\ntwo\n\r\n\r\r\nthree\rfour\r\n"));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), FrameCodec.lines())) {
            framed.client().connect(CONNECT);
            assertEquals("one", text(framed.readFrame()));
            assertEquals("two", text(framed.readFrame()));
            assertEquals("", text(framed.readFrame()));
            assertEquals("\r", text(framed.readFrame()));
            assertEquals("three\rfour", text(framed.readFrame()));
            assertNull(framed.readFrame());
        }
    }

    @Test
    void linesAreWrittenWithNewlineOnly() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.connect(CONNECT);
            FramedClient framed = FramedClient.of(client, FrameCodec.lines());
            framed.writeFrames(List.of("a".getBytes(UTF_8), "bc".getBytes(UTF_8)));
            assertEquals("a\nbc\n", new String(client.inputStream().readNBytes(5), UTF_8));
        }
    }

    @Test
    void linesAtExactlyTheMaximumPassWithOrWithoutCarriageReturn() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.sendThenClose("abcd\r\nefgh\n"));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), FrameCodec.lines(4))) {
            framed.client().connect(CONNECT);
            assertEquals("abcd", text(framed.readFrame()));
            assertEquals("efgh", text(framed.readFrame()));
            assertNull(framed.readFrame());
        }
    }

    @Test
    void lengthPrefixIsWrittenInTheCodecsOrder() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create(server.address())) {
            client.connect(CONNECT);
            FramedClient.of(client, FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, 1000)).writeFrame(pattern(258));
            byte[] big = client.inputStream().readNBytes(4 + 258);
            assertArrayEquals(new byte[] {0, 0, 1, 2}, Arrays.copyOf(big, 4));
            FramedClient.of(client, FrameCodec.lengthPrefixed(8, ByteOrder.LITTLE_ENDIAN, 1000)).writeFrame(pattern(258));
            byte[] little = client.inputStream().readNBytes(8 + 258);
            assertArrayEquals(new byte[] {2, 1, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(little, 8));
        }
    }

    /** What a codec puts on the wire for {@code payloads}, encoded here independently. */
    static byte[] wire(FrameCodec codec, List<byte[]> payloads) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : payloads) {
            if (codec.isLengthPrefixed()) {
                int n = codec.lengthFieldBytes();
                for (int i = 0; i < n; i++) {
                    int shift = 8 * (codec.order() == ByteOrder.BIG_ENDIAN ? n - 1 - i : i);
                    out.write((int) ((long) p.length >>> shift));
                }
                out.write(p);
            } else {
                out.write(p);
                out.write(codec.delimiter());
            }
        }
        return out.toByteArray();
    }

    static String text(byte[] frame) {
        return frame == null ? null : new String(frame, UTF_8);
    }
}
