package tcp.client.framing;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import tcp.client.api.ClientTCP;

/**
 * Reads and writes whole frames over a {@link ClientTCP}, as a {@link FrameCodec} delimits them.
 *
 * <pre>{@code
 * try (FramedClient framed = FramedClient.of(ClientTCP.create("localhost:7000"), FrameCodec.lines())) {
 *     framed.client().connect(Duration.ofSeconds(5));
 *     framed.writeFrame("HELLO".getBytes(StandardCharsets.UTF_8));
 *     byte[] reply = framed.readFrame();   // null if the server closed
 * }
 * }</pre>
 *
 * <p>Reading goes through an internal buffer of 8 KiB, filled with
 * {@link ClientTCP#read(byte[], int, int)} and grown, for a delimited codec, up to the maximum frame
 * length plus the delimiter, never further: a frame over the maximum is detected once that many
 * bytes arrived without a delimiter, or from its length prefix before any payload is read, and is
 * a {@link FrameTooLongException} that closes the client. The only allocation per frame read is
 * the returned array.
 *
 * <p>A read timeout of the client ({@link ClientTCP.Builder#readTimeout}) applies to each call of
 * {@link #readFrame()}: its {@link java.net.SocketTimeoutException} leaves what arrived of the frame
 * buffered, and the next {@code readFrame()} goes on with it, so no byte is lost or repeated.
 *
 * <p>Writing builds each frame (prefix, payload, delimiter) into a reused buffer and hands it to
 * the client in one {@link ClientTCP#write(byte[], int, int) write}; a frame over 64 KiB is
 * written as its prefix (or payload), then its payload (or delimiter), still under the write lock.
 *
 * <p>Thread-safe: one thread may read while any number of threads write. Writers share one lock,
 * so the bytes of two frames never interleave; concurrent {@code readFrame} calls are serialised by
 * their own lock, which writers never take. A {@code FramedClient} must be the only reader and
 * writer of its client: bytes read or written around it break the framing. Its read buffer belongs
 * to the connection it was filled from; after a {@link FrameTooLongException} or an end of stream
 * it is emptied, so the client can connect again and be read afresh.
 */
public final class FramedClient implements Closeable {

    /** The read buffer's initial size; enough for many small frames per socket read. */
    private static final int READ_BUFFER = 8 * 1024;

    /** Frames up to this size go out in one write; the write buffer is never kept larger. */
    private static final int WRITE_BUFFER_MAX = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];

    private final ClientTCP client;
    private final FrameCodec codec;

    private final ReentrantLock readLock = new ReentrantLock();
    private byte[] readBuffer;
    /** The unread bytes are readBuffer[readStart, readEnd). */
    private int readStart;
    private int readEnd;
    /** Where the delimiter search goes on: everything before it was searched already. */
    private int scanFrom;
    /** A length-prefixed frame whose payload is still arriving, and how much of it did. */
    private byte[] pending;
    private int pendingFilled;

    private final ReentrantLock writeLock = new ReentrantLock();
    private byte[] writeBuffer = EMPTY;

    private FramedClient(ClientTCP client, FrameCodec codec) {
        this.client = client;
        this.codec = codec;
        this.readBuffer = new byte[READ_BUFFER];
    }

    /**
     * Frames {@code client} with {@code codec}. The client may be connected already or later; this
     * reads and writes whatever connection it holds at the time.
     *
     * @param client the client to read and write through; closed by {@link #close()}
     * @param codec where frames end
     * @return the framed client
     */
    public static FramedClient of(ClientTCP client, FrameCodec codec) {
        return new FramedClient(Objects.requireNonNull(client, "client"), Objects.requireNonNull(codec, "codec"));
    }

    /**
     * Reads the next frame, blocking until it has arrived whole.
     *
     * @return the payload, without the delimiter, the dropped {@code '\r'} or the prefix; null at a
     *     clean end of stream (between frames)
     * @throws FrameTooLongException if the frame is longer than the codec's maximum, or a length
     *     prefix claims more (or is negative); the client has been closed
     * @throws EOFException if the stream ended inside a frame
     * @throws java.net.SocketTimeoutException if the client's read timeout passed; the partial frame
     *     stays buffered and the next call continues it
     * @throws tcp.client.api.NotConnectedException if the client holds no connection
     * @throws IOException if reading failed otherwise
     */
    public byte[] readFrame() throws IOException {
        readLock.lock();
        try {
            return codec.isLengthPrefixed() ? readLengthPrefixed() : readDelimited();
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Writes one frame: {@code payload} with the codec's delimiter or length prefix added, atomically
     * with respect to other writers.
     *
     * @param payload the payload; not changed, and not kept after the call
     * @throws IllegalArgumentException if the payload is longer than the codec's maximum, contains
     *     the delimiter, ends with bytes that would run into the delimiter (so it would read back
     *     shorter), or, for {@link FrameCodec#lines()}, ends with {@code '\r'}; nothing is written
     * @throws tcp.client.api.NotConnectedException if the client holds no connection
     * @throws IOException if writing failed
     */
    public void writeFrame(byte[] payload) throws IOException {
        Objects.requireNonNull(payload, "payload");
        check(payload, "payload");
        int header = codec.isLengthPrefixed() ? codec.lengthFieldBytes() : 0;
        int trailer = codec.isLengthPrefixed() ? 0 : codec.delimiter().length;
        long total = (long) header + payload.length + trailer;
        writeLock.lock();
        try {
            if (total <= WRITE_BUFFER_MAX) {
                byte[] buffer = writeBuffer((int) total);
                int end = encode(payload, buffer, 0);
                client.write(buffer, 0, end);
            } else if (codec.isLengthPrefixed()) {
                byte[] buffer = writeBuffer(header);
                putLength(buffer, 0, payload.length);
                client.write(buffer, 0, header);
                client.write(payload, 0, payload.length);
            } else {
                client.write(payload, 0, payload.length);
                client.write(codec.delimiter(), 0, trailer);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes several frames in one write to the client, atomically with respect to other writers.
     * Every payload is checked first; if one is refused, nothing is written. An empty list writes
     * nothing. The frames are concatenated into one buffer, kept for the next call when it is at
     * most 64 KiB.
     *
     * @param payloads the payloads, in order; neither the list nor the arrays may change during the
     *     call
     * @throws NullPointerException if the list or one of its payloads is null; nothing is written
     * @throws IllegalArgumentException naming the payload's index, for any payload
     *     {@link #writeFrame} would refuse, or if the frames together exceed the largest array;
     *     nothing is written
     * @throws tcp.client.api.NotConnectedException if the client holds no connection
     * @throws IOException if writing failed
     */
    public void writeFrames(List<byte[]> payloads) throws IOException {
        Object[] frames = Objects.requireNonNull(payloads, "payloads").toArray();
        int overhead = codec.isLengthPrefixed() ? codec.lengthFieldBytes() : codec.delimiter().length;
        long total = 0;
        for (int i = 0; i < frames.length; i++) {
            int index = i;
            byte[] payload = (byte[]) Objects.requireNonNull(frames[i], () -> "payloads[" + index + "]");
            check(payload, "payloads[" + i + "]");
            total += overhead + payload.length;
        }
        if (total > FrameCodec.MAX_ARRAY) {
            throw new IllegalArgumentException("payloads of " + total + " bytes with their framing exceed one write of at most "
                    + FrameCodec.MAX_ARRAY + " bytes");
        }
        if (frames.length == 0) {
            return;
        }
        writeLock.lock();
        try {
            byte[] buffer = writeBuffer((int) total);
            int end = 0;
            for (Object frame : frames) {
                end = encode((byte[]) frame, buffer, end);
            }
            client.write(buffer, 0, end);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The client this reads and writes through, for connecting, timeouts and state.
     *
     * @return the client given to {@link #of}
     */
    public ClientTCP client() {
        return client;
    }

    /**
     * Closes the client ({@link ClientTCP#close()}), which unblocks a reader and writers.
     *
     * @throws IOException if the client's close failed; it is disconnected all the same
     */
    @Override
    public void close() throws IOException {
        client.close();
    }

    // ---- reading ----

    private byte[] readDelimited() throws IOException {
        byte[] delimiter = codec.delimiter();
        boolean dropCr = codec.dropsCarriageReturn();
        int max = codec.maxFrameLength();
        // The most a frame short enough can leave unread without a delimiter: its payload, a '\r'
        // to drop, and the start of a delimiter.
        long limit = (long) max + delimiter.length - 1 + (dropCr ? 1 : 0);
        while (true) {
            int at = findDelimiter(delimiter);
            if (at >= 0) {
                int end = at;
                if (dropCr && end > readStart && readBuffer[end - 1] == '\r') {
                    end--;
                }
                int length = end - readStart;
                if (length > max) {
                    throw tooLong("frame of " + length + " bytes exceeds maxFrameLength " + max);
                }
                byte[] frame = length == 0 ? EMPTY : Arrays.copyOfRange(readBuffer, readStart, end);
                consumed(at + delimiter.length);
                return frame;
            }
            // Every byte before scanFrom belongs to the frame, so its payload is at least this long.
            int least = scanFrom - readStart;
            if (dropCr && least > 0 && readBuffer[scanFrom - 1] == '\r') {
                least--;
            }
            if (least > max) {
                throw tooLong("frame of more than " + max + " bytes without a delimiter exceeds maxFrameLength " + max);
            }
            if (!fill((int) (limit + 1))) {
                return endOfStream("a frame");
            }
        }
    }

    /** Finds the delimiter in the unread bytes, from where the last search stopped; -1 if absent. */
    private int findDelimiter(byte[] delimiter) {
        byte[] b = readBuffer;
        int from = Math.max(scanFrom, readStart);
        if (delimiter.length == 1) {
            byte d = delimiter[0];
            for (int i = from; i < readEnd; i++) {
                if (b[i] == d) {
                    return i;
                }
            }
            scanFrom = readEnd;
            return -1;
        }
        for (int i = from; i < readEnd; i++) {
            int n = matchLength(b, i, readEnd, delimiter);
            if (n == delimiter.length) {
                return i;
            }
            if (i + n == readEnd) {
                // The unread bytes end with the start of a delimiter: search on from here.
                scanFrom = i;
                return -1;
            }
        }
        scanFrom = readEnd;
        return -1;
    }

    /** How many bytes of the delimiter match at {@code i}, stopping at {@code end}. */
    private static int matchLength(byte[] b, int i, int end, byte[] delimiter) {
        int n = 0;
        while (n < delimiter.length && i + n < end && b[i + n] == delimiter[n]) {
            n++;
        }
        return n;
    }

    private byte[] readLengthPrefixed() throws IOException {
        if (pending == null) {
            int field = codec.lengthFieldBytes();
            while (readEnd - readStart < field) {
                if (!fill(READ_BUFFER)) {
                    return endOfStream("a length field");
                }
            }
            long length = getLength(readBuffer, readStart, field, codec.order());
            consumed(readStart + field);
            int max = codec.maxFrameLength();
            if (length < 0 || length > max) {
                throw tooLong("length prefix " + length + " " + (length < 0 ? "is negative" : "exceeds maxFrameLength " + max));
            }
            pending = length == 0 ? EMPTY : new byte[(int) length];
            pendingFilled = 0;
        }
        while (true) {
            int take = Math.min(readEnd - readStart, pending.length - pendingFilled);
            System.arraycopy(readBuffer, readStart, pending, pendingFilled, take);
            pendingFilled += take;
            consumed(readStart + take);
            int missing = pending.length - pendingFilled;
            if (missing == 0) {
                break;
            }
            // The read buffer is empty now. A large remainder goes straight into the frame; a small
            // one through the buffer, so that the frames behind it come with the same read.
            if (missing >= readBuffer.length) {
                int n = read(pending, pendingFilled, missing);
                if (n < 0) {
                    return endOfStream("a frame");
                }
                pendingFilled += n;
                if (pendingFilled == pending.length) {
                    break;
                }
            } else if (!fill(READ_BUFFER)) {
                return endOfStream("a frame");
            }
        }
        byte[] frame = pending;
        pending = null;
        return frame;
    }

    /**
     * Reads once from the client into the buffer, making room first: by moving the unread bytes to
     * the front, else by growing the buffer, up to {@code capacity}.
     *
     * @return false at the end of the stream
     */
    private boolean fill(int capacity) throws IOException {
        if (readEnd == readBuffer.length) {
            if (readStart > 0) {
                int unread = readEnd - readStart;
                System.arraycopy(readBuffer, readStart, readBuffer, 0, unread);
                scanFrom = Math.max(0, scanFrom - readStart);
                readStart = 0;
                readEnd = unread;
            } else {
                int grown = (int) Math.min(Math.max(capacity, readBuffer.length), 2L * readBuffer.length);
                readBuffer = Arrays.copyOf(readBuffer, grown);
            }
        }
        int n = read(readBuffer, readEnd, readBuffer.length - readEnd);
        if (n < 0) {
            return false;
        }
        readEnd += n;
        return true;
    }

    /**
     * Reads from the client. A failure other than a read timeout ends the connection the buffered
     * bytes came from (a client with a reconnect policy goes on with a new one), so they are dropped.
     */
    private int read(byte[] b, int off, int len) throws IOException {
        try {
            return client.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            discardBuffered();
            throw e;
        }
    }

    /** Marks the bytes before {@code position} read; an empty buffer starts over at its front. */
    private void consumed(int position) {
        readStart = position;
        if (readStart == readEnd) {
            readStart = 0;
            readEnd = 0;
        }
        scanFrom = readStart;
    }

    private byte[] endOfStream(String inside) throws EOFException {
        int partial = (readEnd - readStart) + (pending == null ? 0 : pendingFilled);
        boolean clean = partial == 0 && pending == null;
        discardBuffered();
        if (clean) {
            return null;
        }
        throw new EOFException("end of stream inside " + inside + " after " + partial + " bytes");
    }

    private FrameTooLongException tooLong(String message) {
        discardBuffered();
        FrameTooLongException e = new FrameTooLongException(message + "; connection closed");
        try {
            client.close();
        } catch (IOException closeFailure) {
            e.addSuppressed(closeFailure);
        }
        return e;
    }

    private void discardBuffered() {
        readStart = 0;
        readEnd = 0;
        scanFrom = 0;
        pending = null;
        pendingFilled = 0;
        if (readBuffer.length > READ_BUFFER) {
            readBuffer = new byte[READ_BUFFER];
        }
    }

    private static long getLength(byte[] b, int off, int field, ByteOrder order) {
        long value = 0;
        if (order == ByteOrder.BIG_ENDIAN) {
            for (int i = 0; i < field; i++) {
                value = (value << 8) | (b[off + i] & 0xff);
            }
        } else {
            for (int i = field - 1; i >= 0; i--) {
                value = (value << 8) | (b[off + i] & 0xff);
            }
        }
        return value;
    }

    // ---- writing ----

    /** Refuses a payload that would not read back as itself, naming it. */
    private void check(byte[] payload, String name) {
        int max = codec.maxFrameLength();
        if (payload.length > max) {
            throw new IllegalArgumentException(
                    name + " of " + payload.length + " bytes exceeds maxFrameLength " + max + "; nothing written");
        }
        if (codec.isLengthPrefixed()) {
            return;
        }
        byte[] delimiter = codec.delimiter();
        int at = firstDelimiter(payload, delimiter);
        if (at >= 0) {
            String where = at + delimiter.length <= payload.length
                    ? "contains the delimiter " + Arrays.toString(delimiter) + " at offset " + at
                    : "ends with bytes that run into the delimiter " + Arrays.toString(delimiter) + " at offset " + at;
            throw new IllegalArgumentException(name + " of " + payload.length + " bytes " + where + "; nothing written");
        }
        if (codec.dropsCarriageReturn() && payload.length > 0 && payload[payload.length - 1] == '\r') {
            throw new IllegalArgumentException(name + " of " + payload.length
                    + " bytes ends with '\\r', which reading drops before '\\n'; nothing written");
        }
    }

    /**
     * The first offset inside the payload where the delimiter matches the payload followed by the
     * delimiter itself; -1 when the delimiter first matches right after the payload, as it must.
     */
    private static int firstDelimiter(byte[] payload, byte[] delimiter) {
        byte first = delimiter[0];
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] != first) {
                continue;
            }
            int j = 1;
            while (j < delimiter.length) {
                int k = i + j;
                byte b = k < payload.length ? payload[k] : delimiter[k - payload.length];
                if (b != delimiter[j]) {
                    break;
                }
                j++;
            }
            if (j == delimiter.length) {
                return i;
            }
        }
        return -1;
    }

    /** A buffer of at least {@code size} bytes: the kept one, grown, or a one-off beyond 64 KiB. */
    private byte[] writeBuffer(int size) {
        if (writeBuffer.length >= size) {
            return writeBuffer;
        }
        if (size > WRITE_BUFFER_MAX) {
            return new byte[size];
        }
        writeBuffer = new byte[Math.min(WRITE_BUFFER_MAX, Math.max(size, Math.max(256, 2 * writeBuffer.length)))];
        return writeBuffer;
    }

    /** Writes one frame into {@code buffer} at {@code off}; returns where it ends. */
    private int encode(byte[] payload, byte[] buffer, int off) {
        int pos = off;
        if (codec.isLengthPrefixed()) {
            putLength(buffer, pos, payload.length);
            pos += codec.lengthFieldBytes();
        }
        System.arraycopy(payload, 0, buffer, pos, payload.length);
        pos += payload.length;
        if (!codec.isLengthPrefixed()) {
            byte[] delimiter = codec.delimiter();
            System.arraycopy(delimiter, 0, buffer, pos, delimiter.length);
            pos += delimiter.length;
        }
        return pos;
    }

    private void putLength(byte[] buffer, int off, long length) {
        int field = codec.lengthFieldBytes();
        boolean big = codec.order() == ByteOrder.BIG_ENDIAN;
        for (int i = 0; i < field; i++) {
            int shift = 8 * (big ? field - 1 - i : i);
            buffer[off + i] = (byte) (length >>> shift);
        }
    }
}
