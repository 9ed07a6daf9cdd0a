package tcp.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
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
 * difference to {@code sdk} is the callback dispatch cost on the I/O path) or {@code sdk_reconnect}
 * (ClientTCP with {@code reconnect(ReconnectPolicy.exponential(100ms, 1s))}: the difference to
 * {@code sdk} is what an armed reconnect policy costs a healthy connection's I/O). The clients are the
 * side-by-side runner's own ({@link RawSide}, {@link SdkSide}), so both tools measure the same calls.
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
    @Param({"raw", "sdk", "sdk_callbacks", "sdk_reconnect"})
    public String side;

    private LoopbackServer discard;
    private LoopbackServer source;
    private LoopbackServer echo;
    private Endpoint toDiscard;
    private Endpoint fromSource;
    private Endpoint toEcho;
    private byte[] out;
    private byte[] in;

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

    private Endpoint connect(InetSocketAddress server) throws IOException {
        Side client = switch (side) {
            case "raw" -> newRawSide();
            case "sdk" -> new SdkSide(Stack.PLAIN, null, false, false);
            case "sdk_callbacks" -> new SdkSide(Stack.PLAIN, null, false, true);
            case "sdk_reconnect" -> new SdkSide(Stack.PLAIN, null, false, false, SdkSide.RECONNECT);
            default -> throw new IllegalArgumentException("unknown side " + side);
        };
        return client.dialer(server, false).connect();
    }

    private static Side newRawSide() {
        try {
            return new RawSide(Stack.PLAIN, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a plain raw side builds no TLS context", e);
        }
    }

    /** Closes the clients, then the servers. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (Endpoint io : new Endpoint[] {toDiscard, fromSource, toEcho}) {
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
        fromSource.readFully(in, 0, in.length);
        return in;
    }

    /** Sends {@link #size} bytes and reads them back. */
    @Benchmark
    public byte[] echo() throws IOException {
        toEcho.write(out, 0, out.length);
        toEcho.readFully(in, 0, in.length);
        return in;
    }
}
