package tcp.client.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import tcp.client.api.ClientTCP;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;

/**
 * The framing rows: {@link FramedClient} against the reader an application would write by hand,
 * both over the same kind of {@link ClientTCP} (a new one per measurement, from {@link SdkSide}),
 * so the difference is the framing code alone. Bounded in count and time as {@link Workloads} is.
 */
final class FramingWorkloads {
    /** Bytes of one line on the wire, its {@code '\n'} included. */
    static final int LINE = Settings.ECHO_SIZE;
    /** The 16 KiB frames of {@code length_prefixed_throughput}. */
    static final int FRAME = 16 * 1024;
    /** The small frames of {@code length_prefixed_throughput_256}. */
    static final int SMALL_FRAME = 256;
    /** The length-prefixed codec's maximum, as an application would set it. */
    private static final int PREFIXED_MAX = 1 << 20;
    /** The hand-written line reader's maximum, as {@link FrameCodec#lines()}'s. */
    private static final int LINE_MAX = 64 * 1024;

    private final Workloads workloads;
    /** The line's payload, without the {@code '\n'}. */
    private final byte[] payload = new byte[LINE - 1];
    /** The same line with its {@code '\n'}: what the hand-written side writes. */
    private final byte[] wire = new byte[LINE];

    FramingWorkloads(Workloads workloads) {
        this.workloads = workloads;
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        System.arraycopy(payload, 0, wire, 0, payload.length);
        wire[LINE - 1] = '\n';
    }

    /**
     * Line ping-pong with an {@link LoopbackServer.Mode#ECHO} server on one new connection:
     * {@code warmup} round trips, then {@code count} timed ones, each a whole line written and the
     * whole echoed line read back as a new array.
     *
     * @param framed true: {@code FramedClient.of(client, FrameCodec.lines())}'s
     *     {@code writeFrame}/{@code readFrame}; false: {@code client.write} of the line and a
     *     {@link BufferedInputStream} over {@code client.inputStream()} read byte by byte up to
     *     the {@code '\n'}
     */
    Workloads.Latency lineEcho(SdkSide side, InetSocketAddress echo, boolean framed, int warmup, int count)
            throws IOException {
        long[] samples = new long[count];
        int n = 0;
        try (ClientTCP client = side.newClient(echo, false); Closeable guard = workloads.guard(client)) {
            client.connect();
            LineRoundTrip trip = framed ? framedLines(client) : handLines(client);
            long deadline = System.nanoTime() + workloads.limit().toNanos();
            for (int i = 0; i < warmup && System.nanoTime() < deadline; i++) {
                check(trip.run(), payload.length);
            }
            while (n < count) {
                long start = System.nanoTime();
                if (start > deadline) {
                    break;
                }
                byte[] got = trip.run();
                samples[n++] = System.nanoTime() - start;
                check(got, payload.length);
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no sample within the time limit");
        }
        return new Workloads.Latency(Stats.percentile(samples, n, 50) / 1e3, Stats.percentile(samples, n, 99) / 1e3, n);
    }

    @FunctionalInterface
    private interface LineRoundTrip {
        byte[] run() throws IOException;
    }

    private LineRoundTrip framedLines(ClientTCP client) {
        FramedClient framed = FramedClient.of(client, FrameCodec.lines());
        return () -> {
            framed.writeFrame(payload);
            byte[] line = framed.readFrame();
            if (line == null) {
                throw new EOFException("the echo server closed");
            }
            return line;
        };
    }

    private LineRoundTrip handLines(ClientTCP client) {
        BufferedInputStream in = new BufferedInputStream(client.inputStream());
        byte[] scratch = new byte[256];
        return () -> {
            client.write(wire, 0, wire.length);
            return readLine(in, scratch);
        };
    }

    /**
     * The hand-written line reader: bytes up to {@code '\n'}, a {@code '\r'} before it dropped, at
     * most {@link #LINE_MAX} bytes, returned as a new array, as {@code FrameCodec.lines()} reads.
     */
    private static byte[] readLine(InputStream in, byte[] scratch) throws IOException {
        byte[] buffer = scratch;
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the stream ended after " + n + " bytes of a line");
            }
            if (b == '\n') {
                break;
            }
            if (n == buffer.length) {
                if (n >= LINE_MAX + 1) {
                    throw new IOException("line longer than " + LINE_MAX + " bytes");
                }
                buffer = Arrays.copyOf(buffer, Math.min(2 * n, LINE_MAX + 1));
            }
            buffer[n++] = (byte) b;
        }
        if (n > 0 && buffer[n - 1] == '\r') {
            n--;
        }
        if (n > LINE_MAX) {
            throw new IOException("line longer than " + LINE_MAX + " bytes");
        }
        return Arrays.copyOf(buffer, n);
    }

    /**
     * Asks a {@link LoopbackServer.Mode#FRAMES} server on one new connection for
     * {@code total / frameSize} frames of {@code frameSize} bytes with a 4-byte big-endian length
     * prefix, and reads them all, each as a new array.
     *
     * @param framed true: {@code FramedClient.of(client, FrameCodec.lengthPrefixed(4, BIG_ENDIAN,
     *     1 MiB)).readFrame()}; false: {@code readInt} and {@code readFully} into a new array on a
     *     {@code DataInputStream(new BufferedInputStream(client.inputStream()))}
     * @return MB/s of payload (10^6 bytes per second), from the request to the last frame read
     */
    double lengthPrefixed(SdkSide side, InetSocketAddress frames, boolean framed, int frameSize, long total)
            throws IOException {
        long count = Math.max(1, total / frameSize);
        try (ClientTCP client = side.newClient(frames, false); Closeable guard = workloads.guard(client)) {
            client.connect();
            FrameReader reader = framed ? framedReader(client) : handReader(client);
            byte[] request = ByteBuffer.allocate(Integer.BYTES + Long.BYTES).putInt(frameSize).putLong(count).array();
            long deadline = System.nanoTime() + workloads.limit().toNanos();
            long start = System.nanoTime();
            client.write(request, 0, request.length);
            long bytes = 0;
            for (long i = 0; i < count; i++) {
                byte[] frame = reader.next();
                if (frame.length != frameSize) {
                    throw new IOException("frame " + i + " has " + frame.length + " bytes, not " + frameSize);
                }
                bytes += frame.length;
                if ((i & 255) == 0 && System.nanoTime() > deadline) {
                    throw new IOException("length-prefixed measurement overran " + workloads.limit() + " after "
                            + i + " frames");
                }
            }
            long elapsed = System.nanoTime() - start;
            return bytes / (elapsed / 1e9) / 1e6;
        }
    }

    @FunctionalInterface
    private interface FrameReader {
        byte[] next() throws IOException;
    }

    private static FrameReader framedReader(ClientTCP client) {
        FramedClient framed = FramedClient.of(client, FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, PREFIXED_MAX));
        return () -> {
            byte[] frame = framed.readFrame();
            if (frame == null) {
                throw new EOFException("the frames server closed");
            }
            return frame;
        };
    }

    private static FrameReader handReader(ClientTCP client) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.inputStream()));
        return () -> {
            int length = in.readInt();
            if (length < 0 || length > PREFIXED_MAX) {
                throw new IOException("length prefix " + length + " out of range");
            }
            byte[] frame = new byte[length];
            in.readFully(frame);
            return frame;
        };
    }

    private static void check(byte[] line, int expected) throws IOException {
        if (line.length != expected) {
            throw new IOException("echoed line of " + line.length + " bytes, not " + expected);
        }
    }
}
