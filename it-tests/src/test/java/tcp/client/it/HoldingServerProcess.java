package tcp.client.it;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The probe folder's {@code HoldingServer}, a plain NIO echo server in a JVM of its own: one thread
 * for any number of connections, a 4,096-deep accept queue, and none of its descriptors in this
 * JVM's count. For 10,000 idle clients (CS-167) and fast connect/close loops (CS-161).
 */
final class HoldingServerProcess implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Pattern STATS = Pattern.compile("stats accepted=(\\d+) open=(\\d+) eof=(\\d+) reset=(\\d+)");

    /**
     * The server's counters.
     *
     * @param accepted connections accepted so far
     * @param open connections still open
     * @param eof connections that ended with the client's FIN
     * @param reset connections that ended with an error, such as a reset
     */
    record Stats(int accepted, int open, int eof, int reset) {
    }

    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;
    private final int port;

    private HoldingServerProcess(Process process) throws InterruptedException {
        this.process = process;
        this.commands = process.getOutputStream();
        this.pump = new Thread(this::pumpLines, "holding-server-output");
        pump.setDaemon(true);
        pump.start();
        String first = lines.poll(START.toMillis(), MILLISECONDS);
        if (first == null || !first.startsWith("port=")) {
            process.destroyForcibly();
            throw new AssertionError("the holding server did not start: " + first);
        }
        this.port = Integer.parseInt(first.substring("port=".length()).trim());
    }

    /** Starts the server in a new JVM and waits for its port. */
    static HoldingServerProcess start(ProbeApps apps) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ProbeApps.java(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                apps.holdingServer().toString(), "HoldingServer")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new HoldingServerProcess(process);
    }

    /** The address to dial. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** Asks for the counters until they satisfy {@code condition}, at most {@code max}. */
    Stats awaitStats(Predicate<Stats> condition, Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Stats last = null;
        while (System.nanoTime() < deadline) {
            commands.write("stats\n".getBytes(StandardCharsets.US_ASCII));
            commands.flush();
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), NANOSECONDS);
            if (line == null) {
                break;
            }
            Matcher m = STATS.matcher(line);
            if (!m.matches()) {
                fail("unexpected line from the holding server: " + line);
            }
            last = new Stats(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)));
            if (condition.test(last)) {
                return last;
            }
            // Between polls: a bounded wait on a latch nobody counts down.
            new CountDownLatch(1).await(50, MILLISECONDS);
        }
        throw new AssertionError("holding server counters not reached within " + max + "; last " + last);
    }

    private void pumpLines() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("output failed: " + e);
        }
    }

    /** Ends the server (end of its input) and waits for its JVM, killing it after 10 s or when interrupted. */
    @Override
    public void close() throws IOException {
        commands.close();
        try {
            if (!process.waitFor(10, SECONDS)) {
                process.destroyForcibly().waitFor(10, SECONDS);
            }
            pump.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
