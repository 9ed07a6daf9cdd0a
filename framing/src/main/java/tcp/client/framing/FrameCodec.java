package tcp.client.framing;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a frame ends on the wire: at a delimiter ({@link #lines()}, {@link #delimited}) or after a
 * length prefix's count of bytes ({@link #lengthPrefixed}). Every codec has a maximum frame
 * length, counted on the payload only (without the delimiter, the dropped {@code '\r'} or the
 * prefix); a longer frame is refused on both sides, see {@link FramedClient}.
 *
 * <pre>{@code
 * FrameCodec lines = FrameCodec.lines();                                      // text protocols
 * FrameCodec records = FrameCodec.delimited(new byte[] {0}, 4096);            // NUL-terminated
 * FrameCodec messages = FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, 1 << 20);
 * }</pre>
 *
 * <p>Immutable and thread-safe; one codec may serve many {@link FramedClient}s.
 */
public final class FrameCodec {

    /** The default maximum of {@link #lines()}: 64 KiB. */
    private static final int DEFAULT_LINE_MAX = 64 * 1024;

    /** The largest array the JVM reliably allocates; the read buffer must fit a frame in one. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final byte[] NEWLINE = {'\n'};

    private final byte[] delimiter;
    private final boolean dropCarriageReturn;
    private final int lengthFieldBytes;
    private final ByteOrder order;
    private final int maxFrameLength;

    private FrameCodec(byte[] delimiter, boolean dropCarriageReturn, int lengthFieldBytes, ByteOrder order,
            int maxFrameLength) {
        this.delimiter = delimiter;
        this.dropCarriageReturn = dropCarriageReturn;
        this.lengthFieldBytes = lengthFieldBytes;
        this.order = order;
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Lines of at most 64 KiB: {@code '\n'} ends a frame and a {@code '\r'} right before it is
     * dropped, so both {@code \n} and {@code \r\n} peers are read; written frames end with
     * {@code '\n'} only.
     *
     * @return the codec
     */
    public static FrameCodec lines() {
        return lines(DEFAULT_LINE_MAX);
    }

    /**
     * Lines of at most {@code maxFrameLength} bytes, as {@link #lines()}. The maximum counts the
     * payload, not the {@code '\n'} nor a dropped {@code '\r'}.
     *
     * @param maxFrameLength the longest payload; at least 1
     * @return the codec
     * @throws IllegalArgumentException naming the value if it is less than 1 or too large for one
     *     buffer (more than {@code Integer.MAX_VALUE - 10})
     */
    public static FrameCodec lines(int maxFrameLength) {
        checkDelimitedMax(maxFrameLength, NEWLINE.length + 1);
        return new FrameCodec(NEWLINE, true, 0, null, maxFrameLength);
    }

    /**
     * Frames ended by {@code delimiter}, which is not part of the payload. The array is copied.
     *
     * @param delimiter one or more bytes
     * @param maxFrameLength the longest payload; at least 1
     * @return the codec
     * @throws IllegalArgumentException naming the value if the delimiter is empty, or the maximum is
     *     less than 1 or, with the delimiter, too large for one buffer
     */
    public static FrameCodec delimited(byte[] delimiter, int maxFrameLength) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("invalid delimiter []: must have at least one byte");
        }
        checkDelimitedMax(maxFrameLength, delimiter.length);
        return new FrameCodec(delimiter.clone(), false, 0, null, maxFrameLength);
    }

    /**
     * Frames preceded by an unsigned length field of {@code lengthFieldBytes} bytes in
     * {@code order} that counts the payload only. An 8-byte field is read as a signed long: a
     * negative value, like one over the maximum, is a {@link FrameTooLongException}.
     *
     * <p>A maximum the field cannot express is refused rather than clamped, so that a codec never
     * quietly accepts less than it was asked for: a 1-byte field allows at most 255, a 2-byte field
     * at most 65535; 4- and 8-byte fields express any {@code int}.
     *
     * @param lengthFieldBytes 1, 2, 4 or 8
     * @param order the field's byte order
     * @param maxFrameLength the longest payload; at least 1
     * @return the codec
     * @throws IllegalArgumentException naming the value if the field size is not 1, 2, 4 or 8, or
     *     the maximum is less than 1 or more than the field can express
     */
    public static FrameCodec lengthPrefixed(int lengthFieldBytes, ByteOrder order, int maxFrameLength) {
        Objects.requireNonNull(order, "order");
        if (lengthFieldBytes != 1 && lengthFieldBytes != 2 && lengthFieldBytes != 4 && lengthFieldBytes != 8) {
            throw new IllegalArgumentException(
                    "invalid lengthFieldBytes " + lengthFieldBytes + ": must be 1, 2, 4 or 8");
        }
        checkPositive(maxFrameLength);
        if (lengthFieldBytes < 4) {
            long fieldMax = (1L << (8 * lengthFieldBytes)) - 1;
            if (maxFrameLength > fieldMax) {
                throw new IllegalArgumentException("invalid maxFrameLength " + maxFrameLength + ": a "
                        + lengthFieldBytes + "-byte length field expresses at most " + fieldMax);
            }
        }
        return new FrameCodec(null, false, lengthFieldBytes, order, maxFrameLength);
    }

    /** The longest payload a frame may carry, at least 1. */
    int maxFrameLength() {
        return maxFrameLength;
    }

    /**
     * A description such as {@code FrameCodec.lengthPrefixed(4, BIG_ENDIAN, 1048576)}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        if (isLengthPrefixed()) {
            return "FrameCodec.lengthPrefixed(" + lengthFieldBytes + ", " + order + ", " + maxFrameLength + ")";
        }
        if (dropCarriageReturn) {
            return "FrameCodec.lines(" + maxFrameLength + ")";
        }
        return "FrameCodec.delimited(" + Arrays.toString(delimiter) + ", " + maxFrameLength + ")";
    }

    boolean isLengthPrefixed() {
        return delimiter == null;
    }

    /** The delimiter itself, not a copy: callers inside the package never change it. */
    byte[] delimiter() {
        return delimiter;
    }

    boolean dropsCarriageReturn() {
        return dropCarriageReturn;
    }

    int lengthFieldBytes() {
        return lengthFieldBytes;
    }

    ByteOrder order() {
        return order;
    }

    private static void checkDelimitedMax(int maxFrameLength, int extra) {
        checkPositive(maxFrameLength);
        if ((long) maxFrameLength + extra > MAX_ARRAY) {
            throw new IllegalArgumentException("invalid maxFrameLength " + maxFrameLength
                    + ": with the delimiter it must fit one buffer of at most " + MAX_ARRAY + " bytes");
        }
    }

    private static void checkPositive(int maxFrameLength) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("invalid maxFrameLength " + maxFrameLength + ": must be at least 1");
        }
    }
}
