package tcp.client.framing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.framing.FrameCodecTest.assertMessage;

import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** Frames too long, streams ending inside a frame, and read timeouts in the middle of one. */
@Timeout(30)
class FramedClientLimitsTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    /** A server that sends {@code parts}, then keeps the connection open until the client closes it. */
    private TestServer sendingAndHolding(byte[]... parts) throws Exception {
        return TestServer.plain(socket -> {
            OutputStream out = socket.getOutputStream();
            for (byte[] part : parts) {
                out.write(part);
                out.flush();
            }
            drain(socket.getInputStream());
        });
    }

    private static void drain(InputStream in) throws java.io.IOException {
        byte[] buffer = new byte[1024];
        while (in.read(buffer) >= 0) {
            // until the client closes
        }
    }

    private static byte[] filled(int size, char c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void delimitedFrameOverTheMaximumIsRefusedAndCloses() throws Exception {
        int max = 1000;
        try (TestServer server = sendingAndHolding(filled(max + 1, 'x'));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()),
                     FrameCodec.delimited(new byte[] {'#', '#'}, max))) {
            framed.client().connect(CONNECT);
            FrameTooLongException e = assertThrows(FrameTooLongException.class, framed::readFrame);
            assertMessage(e, "maxFrameLength 1000");
            assertFalse(framed.client().isConnected());
        }
    }

    @Test
    void delimitedFrameOverTheMaximumIsRefusedWithoutWaitingForTheDelimiter() throws Exception {
        int max = 100_000;
        // The first part leaves the frame short of its maximum; the rest never comes with a delimiter.
        try (TestServer server = sendingAndHolding("ok\n".getBytes(UTF_8), filled(max, 'x'), filled(5, 'y'));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), FrameCodec.lines(max))) {
            framed.client().connect(CONNECT);
            assertEquals("ok", new String(framed.readFrame(), UTF_8));
            assertThrows(FrameTooLongException.class, framed::readFrame);
            assertFalse(framed.client().isConnected());
        }
    }

    @Test
    void lineWithItsDelimiterButOverTheMaximumIsRefused() throws Exception {
        try (TestServer server = sendingAndHolding("abcde\n".getBytes(UTF_8));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), FrameCodec.lines(4))) {
            framed.client().connect(CONNECT);
            assertMessage(assertThrows(FrameTooLongException.class, framed::readFrame), "frame of 5 bytes");
            assertFalse(framed.client().isConnected());
        }
    }

    @Test
    void lengthPrefixOverTheMaximumIsRefusedAndCloses() throws Exception {
        try (TestServer server = sendingAndHolding(new byte[] {0, 101}, filled(101, 'x'));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()),
                     FrameCodec.lengthPrefixed(2, ByteOrder.BIG_ENDIAN, 100))) {
            framed.client().connect(CONNECT);
            assertMessage(assertThrows(FrameTooLongException.class, framed::readFrame), "length prefix 101");
            assertFalse(framed.client().isConnected());
        }
    }

    @Test
    void hugeLengthPrefixIsRefusedAtOnceWithoutAllocatingIt() throws Exception {
        try (TestServer server = sendingAndHolding(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, filled(10, 'x'));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()),
                     FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, 1 << 20))) {
            framed.client().connect(CONNECT);
            long start = System.nanoTime();
            assertMessage(assertThrows(FrameTooLongException.class, framed::readFrame),
                    "length prefix " + Integer.MAX_VALUE + " exceeds maxFrameLength " + (1 << 20));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "refused promptly");
            assertFalse(framed.client().isConnected());
        }
    }

    @Test
    void unsignedFourByteLengthIsNotReadAsNegative() throws Exception {
        try (TestServer server = sendingAndHolding(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()),
                     FrameCodec.lengthPrefixed(4, ByteOrder.LITTLE_ENDIAN, 1 << 20))) {
            framed.client().connect(CONNECT);
            assertMessage(assertThrows(FrameTooLongException.class, framed::readFrame), "length prefix 4294967295");
        }
    }

    @Test
    void negativeEightByteLengthIsRefusedAndCloses() throws Exception {
        try (TestServer server = sendingAndHolding(filled(8, (char) 0xff));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()),
                     FrameCodec.lengthPrefixed(8, ByteOrder.BIG_ENDIAN, 1 << 20))) {
            framed.client().connect(CONNECT);
            assertMessage(assertThrows(FrameTooLongException.class, framed::readFrame), "length prefix -1 is negative");
            assertFalse(framed.client().isConnected());
        }
    }

    @Test
    void streamEndingInsideALineIsEofException() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.sendThenClose("whole\npart"));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), FrameCodec.lines())) {
            framed.client().connect(CONNECT);
            assertEquals("whole", new String(framed.readFrame(), UTF_8));
            assertMessage(assertThrows(EOFException.class, framed::readFrame), "after 4 bytes");
        }
    }

    @Test
    void streamEndingInsideALengthFieldOrPayloadIsEofException() throws Exception {
        FrameCodec codec = FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, 100);
        try (TestServer server = TestServer.plain(socket -> socket.getOutputStream().write(new byte[] {0, 0}));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), codec)) {
            framed.client().connect(CONNECT);
            assertMessage(assertThrows(EOFException.class, framed::readFrame), "inside a length field");
        }
        try (TestServer server = TestServer.plain(socket -> socket.getOutputStream().write(new byte[] {0, 0, 0, 5, 'a'}));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), codec)) {
            framed.client().connect(CONNECT);
            assertMessage(assertThrows(EOFException.class, framed::readFrame), "inside a frame after 1 bytes");
        }
    }

    @Test
    void cleanEndOfStreamBetweenFramesIsNull() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.sendThenClose("a\n"));
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()), FrameCodec.lines())) {
            framed.client().connect(CONNECT);
            assertEquals("a", new String(framed.readFrame(), UTF_8));
            assertNull(framed.readFrame());
            assertNull(framed.readFrame());
        }
        try (TestServer server = TestServer.plain(Behaviour.CLOSER);
             FramedClient framed = FramedClient.of(ClientTCP.create(server.address()),
                     FrameCodec.lengthPrefixed(8, ByteOrder.LITTLE_ENDIAN, 10))) {
            framed.client().connect(CONNECT);
            assertNull(framed.readFrame());
        }
    }

    @Test
    void readTimeoutInsideALineKeepsThePartAndTheNextReadContinuesIt() throws Exception {
        assertTimeoutMidFrameContinues(FrameCodec.lines(), "par".getBytes(UTF_8), "tial\nnext\n".getBytes(UTF_8),
                "partial", "next");
    }

    @Test
    void readTimeoutInsideAMultiByteDelimiterContinuesIt() throws Exception {
        assertTimeoutMidFrameContinues(FrameCodec.delimited(new byte[] {'<', '>', '<'}, 100), "ab<>".getBytes(UTF_8),
                "<cd<><".getBytes(UTF_8), "ab", "cd");
    }

    @Test
    void readTimeoutInsideALengthFieldContinuesIt() throws Exception {
        assertTimeoutMidFrameContinues(FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, 100), new byte[] {0, 0},
                new byte[] {0, 2, 'h', 'i', 0, 0, 0, 1, '!'}, "hi", "!");
    }

    @Test
    void readTimeoutInsideALengthPrefixedPayloadContinuesIt() throws Exception {
        byte[] head = new byte[4 + 3];
        head[2] = (byte) (20_000 >>> 8);
        head[3] = (byte) 20_000;
        Arrays.fill(head, 4, 7, (byte) 'x');
        byte[] rest = new byte[20_000 - 3 + 4 + 1];
        Arrays.fill(rest, 0, 20_000 - 3, (byte) 'x');
        rest[rest.length - 2] = 1;
        rest[rest.length - 1] = '!';
        rest[rest.length - 3] = 0;
        assertTimeoutMidFrameContinues(FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, 1 << 20), head, rest,
                "x".repeat(20_000), "!");
    }

    /**
     * The server sends {@code first}, waits for the client to time out, then sends {@code rest}; the
     * frames read must be {@code expected}, then the end of stream.
     */
    private void assertTimeoutMidFrameContinues(FrameCodec codec, byte[] first, byte[] rest, String... expected)
            throws Exception {
        CountDownLatch timedOut = new CountDownLatch(1);
        try (TestServer server = TestServer.plain(socket -> {
                OutputStream out = socket.getOutputStream();
                out.write(first);
                out.flush();
                try {
                    if (!timedOut.await(20, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                out.write(rest);
                out.flush();
                drain(socket.getInputStream());
            });
             FramedClient framed = FramedClient.of(
                     ClientTCP.builder(server.address()).readTimeout(Duration.ofMillis(300)).build(), codec)) {
            framed.client().connect(CONNECT);
            assertThrows(SocketTimeoutException.class, framed::readFrame);
            assertTrue(framed.client().isConnected());
            timedOut.countDown();
            for (String frame : expected) {
                assertArrayEquals(frame.getBytes(UTF_8), framed.readFrame(), frame);
            }
            // Nothing more comes: the next read times out again rather than returning garbage.
            assertThrows(SocketTimeoutException.class, framed::readFrame);
        }
    }
}
