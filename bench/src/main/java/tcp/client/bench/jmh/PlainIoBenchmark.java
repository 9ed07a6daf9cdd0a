package tcp.client.bench.jmh;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tcp.client.api.ClientTCP;
import tcp.client.bench.LoopbackServer;

/**
 * The plain-TCP hot paths over loopback: {@code ClientTCP.write}/{@code read} against the same
 * calls on a {@code java.net.Socket}'s streams, and what registered callbacks add.
 *
 * <ul>
 *   <li>{@link #write}: {@code size} bytes to a server that discards them.</li>
 *   <li>{@link #read}: {@code size} bytes from a server that streams without pause.</li>
 *   <li>{@link #echo}: a round trip of {@code size} bytes.</li>
 * </ul>
 * {@code side}: {@code raw} (Socket), {@code sdk} (ClientTCP, no callbacks) or
 * {@code sdk_callbacks} (ClientTCP with both callbacks registered, on the default executor: the
 * difference to {@code sdk} is the callback dispatch cost on the I/O path).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PlainIoBenchmark} (or {@code bench/run --jmh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlainIoBenchmark {
    /** Bytes per operation. */
    @Param({"64", "65536"})
    public int size;

    /** Which client. */
    @Param({"raw", "sdk", "sdk_callbacks"})
    public String side;

    private LoopbackServer discard;
    private LoopbackServer source;
    private LoopbackServer echo;
    private Io toDiscard;
    private Io fromSource;
    private Io toEcho;
    private byte[] out;
    private byte[] in;
    private final LongAdder events = new LongAdder();

    /** One connection, SDK or raw. */
    private interface Io extends AutoCloseable {
        void write(byte[] b, int off, int len) throws IOException;

        int read(byte[] b, int off, int len) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Starts the servers and connects one client of {@link #side} to each. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        discard = LoopbackServer.start(LoopbackServer.Mode.DISCARD, null);
        source = LoopbackServer.start(LoopbackServer.Mode.SOURCE, null);
        echo = LoopbackServer.start(LoopbackServer.Mode.ECHO, null);
        toDiscard = connect(discard.address());
        fromSource = connect(source.address());
        toEcho = connect(echo.address());
        out = new byte[size];
        in = new byte[size];
    }

    private Io connect(InetSocketAddress server) throws IOException {
        if (side.equals("raw")) {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(server);
            InputStream sin = socket.getInputStream();
            OutputStream sout = socket.getOutputStream();
            return new Io() {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    sout.write(b, off, len);
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return sin.read(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    socket.close();
                }
            };
        }
        ClientTCP client = ClientTCP.builder(server.getHostString() + ":" + server.getPort()).transport("jdk").build();
        if (side.equals("sdk_callbacks")) {
            client.registerFuncInfo((local, remote, state) -> events.increment());
            client.registerFuncError(errors -> events.increment());
        } else if (!side.equals("sdk")) {
            throw new IllegalArgumentException("unknown side " + side);
        }
        client.connect();
        return new Io() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                client.write(b, off, len);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return client.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                client.close();
            }
        };
    }

    /** Closes the clients, then the servers. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (Io io : new Io[] {toDiscard, fromSource, toEcho}) {
            io.close();
        }
        discard.close();
        source.close();
        echo.close();
    }

    /** Writes {@link #size} bytes. */
    @Benchmark
    public void write() throws IOException {
        toDiscard.write(out, 0, out.length);
    }

    /** Reads {@link #size} bytes. */
    @Benchmark
    public byte[] read() throws IOException {
        readFully(fromSource, in);
        return in;
    }

    /** Sends {@link #size} bytes and reads them back. */
    @Benchmark
    public byte[] echo() throws IOException {
        toEcho.write(out, 0, out.length);
        readFully(toEcho, in);
        return in;
    }

    private static void readFully(Io io, byte[] b) throws IOException {
        int done = 0;
        while (done < b.length) {
            int n = io.read(b, done, b.length - done);
            if (n < 0) {
                throw new EOFException("server closed");
            }
            done += n;
        }
    }
}
