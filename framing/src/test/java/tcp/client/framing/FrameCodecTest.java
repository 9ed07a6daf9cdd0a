package tcp.client.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codecs' factories: what they accept, and the messages of what they refuse. */
@Timeout(10)
class FrameCodecTest {

    @Test
    void linesDefaultsToSixtyFourKibibytes() {
        assertEquals(64 * 1024, FrameCodec.lines().maxFrameLength());
        assertEquals("FrameCodec.lines(65536)", FrameCodec.lines().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void maxBelowOneIsRefusedNamingIt(int max) {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> FrameCodec.lines(max)), "" + max);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> FrameCodec.delimited(new byte[] {0}, max)),
                "" + max);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, max)), "" + max);
    }

    @Test
    void maxTooLargeForOneBufferIsRefused() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> FrameCodec.lines(Integer.MAX_VALUE)),
                "" + Integer.MAX_VALUE);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.delimited(new byte[] {1, 2}, Integer.MAX_VALUE - 9)), "" + (Integer.MAX_VALUE - 9));
        FrameCodec.lines(Integer.MAX_VALUE - 10);
        FrameCodec.lengthPrefixed(8, ByteOrder.BIG_ENDIAN, Integer.MAX_VALUE);
    }

    @Test
    void emptyOrNullDelimiterIsRefused() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> FrameCodec.delimited(new byte[0], 10)),
                "delimiter []");
        assertMessage(assertThrows(NullPointerException.class, () -> FrameCodec.delimited(null, 10)), "delimiter");
    }

    @Test
    void delimiterIsCopied() {
        byte[] delimiter = {'|', '|'};
        FrameCodec codec = FrameCodec.delimited(delimiter, 10);
        delimiter[0] = 'x';
        assertArrayEquals(new byte[] {'|', '|'}, codec.delimiter());
        assertEquals("FrameCodec.delimited([124, 124], 10)", codec.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5, 16, -1})
    void lengthFieldOtherThanOneTwoFourEightIsRefusedNamingIt(int bytes) {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.lengthPrefixed(bytes, ByteOrder.BIG_ENDIAN, 10)), "lengthFieldBytes " + bytes);
    }

    @Test
    void maxTheLengthFieldCannotExpressIsRefused() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.lengthPrefixed(1, ByteOrder.BIG_ENDIAN, 256)), "256");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.lengthPrefixed(2, ByteOrder.LITTLE_ENDIAN, 65536)), "65536");
        assertEquals(255, FrameCodec.lengthPrefixed(1, ByteOrder.BIG_ENDIAN, 255).maxFrameLength());
        assertEquals(65535, FrameCodec.lengthPrefixed(2, ByteOrder.BIG_ENDIAN, 65535).maxFrameLength());
        assertEquals("FrameCodec.lengthPrefixed(2, LITTLE_ENDIAN, 7)",
                FrameCodec.lengthPrefixed(2, ByteOrder.LITTLE_ENDIAN, 7).toString());
    }

    @Test
    void nullOrderIsRefused() {
        assertMessage(assertThrows(NullPointerException.class, () -> FrameCodec.lengthPrefixed(4, null, 10)), "order");
    }

    static void assertMessage(Throwable e, String expected) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(expected),
                () -> "expected \"" + expected + "\" in: " + e.getMessage());
    }
}
