package tcp.client.bench;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import tcp.client.api.ClientTCP;
import tcp.client.api.Transports;
import tcp.client.api.TransportInfo;
import tcp.client.pool.ClientPool;
import tcp.client.pool.PoolStats;

/**
 * The side-by-side runner: for each provider and metric, measures the SDK and the raw API it wraps
 * in this one JVM, interleaved (SDK, raw, SDK, raw, ... after a warm-up of each), takes the
 * medians of the rounds, prints a table and writes {@code side-by-side.csv}
 * ({@value Report#HEADER}).
 *
 * <pre>
 * SideBySide [--quick] [--providers=plain,jdk,conscrypt,bc]
 *            [--metrics=throughput,throughput_1k,echo,connect,handshake,heap,framed_line_echo_p50,
 *                       length_prefixed_throughput,pool_borrow_return_p50,pool_32_threads_throughput]
 *            [--rounds=N] [--csv=bench/target/side-by-side.csv] [--latency-cpu=auto|none|N]
 * </pre>
 *
 * <p>{@code --metrics=framing} stands for the two framing metrics, {@code --metrics=pool} for the two
 * pool metrics; the pool metrics run on {@code plain} only.
 *
 * <p>With {@code --latency-cpu=auto} (the default) and {@code taskset} on the PATH, the latency
 * metrics (echo, connect, handshake, framed_line_echo_p50) run in a child JVM pinned to one CPU; see {@link #runPinned}.
 *
 * <p>Servers: for throughput and latency a {@link LoopbackServer} in this JVM on other threads
 * (SunJSSE for TLS, pinned to TLS 1.3 and TLS_AES_128_GCM_SHA256); for memory a {@link HoldServer}
 * in another JVM. Everything binds and connects to 127.0.0.1 only.
 */
public final class SideBySide {
    private static final PrintStream PROGRESS = System.err;
    private static final int HANDSHAKE_WARMUP_FACTOR = 5;
    private static final Duration PINNED_RUN_LIMIT = Duration.ofMinutes(40);
    /** An armed reconnect policy costs a healthy connection's echo at most about 3 %. */
    private static final double RECONNECT_TARGET = 0.97;

    /** The metric groups, as {@code --metrics} names them. */
    enum Metric {
        THROUGHPUT, THROUGHPUT_1K, ECHO, CONNECT, HANDSHAKE, HEAP,
        /** {@code FramedClient} with {@code FrameCodec.lines()} against a hand-written line reader. */
        FRAMED_LINE_ECHO_P50,
        /** {@code FramedClient} with a 4-byte length prefix against {@code DataInputStream}. */
        LENGTH_PREFIXED_THROUGHPUT,
        /** An uncontended {@code ClientPool} borrow and return (plain only). */
        POOL_BORROW_RETURN_P50,
        /** 32 threads on a pool of 8 against 8 threads with a client each (plain only). */
        POOL_32_THREADS_THROUGHPUT,
        /** The echo p50 of the SDK while a JFR recording takes its four events, vs none and raw. */
        ECHO_LATENCY_P50_JFR,
        /** Full TLS 1.3 handshakes (p50 and p99) against a fast server (openssl s_server). */
        HANDSHAKE_LATENCY_FAST_SERVER_P50,
        /** Resumed TLS 1.3 handshakes against full ones on the same fast server with tickets. */
        HANDSHAKE_LATENCY_RESUMED_P50,
        /** Heap per idle client (and after one echo each) with 1,000 clients. */
        HEAP_PER_CLIENT_1K,
        /** Heap per idle client (and after one echo each) with 10,000 clients. */
        HEAP_PER_CLIENT_10K,
        /** One virtual thread blocked in read per client; time until all read a broadcast (Java 21+). */
        VIRTUAL_THREAD_READERS
    }

    /** Full handshakes per fast-server measurement (the warm-up makes {@value #HANDSHAKE_WARMUP_FACTOR} times as many). */
    private int fastHandshakes() {
        return settings.quick() ? 200 : 500;
    }

    /** Handshakes per side per resumed-row measurement. */
    private int resumedHandshakes() {
        return settings.quick() ? 100 : 300;
    }

    private boolean vtJava17Noted;

    private final Settings settings;
    private final Pki pki;
    private final SSLContext serverTls;
    private final Workloads workloads;
    private final FramingWorkloads framing;
    private final PoolWorkloads pooling;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final long started = System.nanoTime();
    private Path serverIdentity;

    private SideBySide(Settings settings) throws GeneralSecurityException {
        this.settings = settings;
        this.pki = Pki.generated();
        this.serverTls = pki.serverContext();
        this.workloads = new Workloads(settings.limit());
        this.framing = new FramingWorkloads(workloads);
        this.pooling = new PoolWorkloads(workloads);
    }

    /**
     * Runs the benchmark; see the class comment for the arguments.
     *
     * @throws IllegalArgumentException for an unknown argument
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fullRun();
        Set<Stack> stacks = new LinkedHashSet<>(List.of(Stack.values()));
        Set<Metric> metrics = EnumSet.allOf(Metric.class);
        Path csv = Path.of("bench", "target", "side-by-side.csv");
        Path notesFile = null;
        String latencyCpu = "auto";
        Integer rounds = null;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                settings = Settings.quickRun();
            } else if (arg.startsWith("--providers=")) {
                stacks.clear();
                for (String p : value(arg).split(",")) {
                    stacks.add(Stack.of(p));
                }
            } else if (arg.startsWith("--metrics=")) {
                metrics.clear();
                for (String m : value(arg).split(",")) {
                    String name = m.trim().toUpperCase(Locale.ROOT);
                    switch (name) {
                        case "FRAMING" -> metrics.addAll(List.of(Metric.FRAMED_LINE_ECHO_P50,
                                Metric.LENGTH_PREFIXED_THROUGHPUT));
                        case "POOL" -> metrics.addAll(List.of(Metric.POOL_BORROW_RETURN_P50,
                                Metric.POOL_32_THREADS_THROUGHPUT));
                        case "HANDSHAKE_LATENCY_FAST_SERVER_P99" -> metrics.add(Metric.HANDSHAKE_LATENCY_FAST_SERVER_P50);
                        default -> metrics.add(Metric.valueOf(name));
                    }
                }
            } else if (arg.startsWith("--rounds=")) {
                rounds = Integer.parseInt(value(arg));
            } else if (arg.startsWith("--csv=")) {
                csv = Path.of(value(arg));
            } else if (arg.startsWith("--latency-cpu=")) {
                latencyCpu = value(arg);
            } else if (arg.startsWith("--notes=")) {
                notesFile = Path.of(value(arg));
            } else {
                throw new IllegalArgumentException("unknown argument \"" + arg + "\"; see the javadoc of "
                        + SideBySide.class.getName());
            }
        }
        if (rounds != null) {
            settings = settings.withRounds(rounds);
        }
        long start = System.nanoTime();
        RawTls.quietBouncyCastleLogging();
        SideBySide bench = new SideBySide(settings);
        System.out.println(machine());
        System.out.println("settings: " + settings.describe());
        String loadBefore = loadAverage();
        PROGRESS.println("writing progress to stderr; the table follows on stdout at the end");

        Set<Metric> latency = EnumSet.of(Metric.ECHO, Metric.CONNECT, Metric.HANDSHAKE, Metric.FRAMED_LINE_ECHO_P50,
                Metric.ECHO_LATENCY_P50_JFR, Metric.HANDSHAKE_LATENCY_FAST_SERVER_P50, Metric.HANDSHAKE_LATENCY_RESUMED_P50);
        latency.retainAll(metrics);
        Optional<String> cpu = latency.isEmpty() ? Optional.empty() : pinnedCpu(latencyCpu);
        Set<Metric> here = EnumSet.copyOf(metrics);
        if (cpu.isPresent()) {
            here.removeAll(latency);
        }
        try {
            for (Stack stack : stacks) {
                bench.run(stack, here);
            }
            if (cpu.isPresent()) {
                bench.runPinned(cpu.get(), stacks, latency, args);
            }
        } finally {
            bench.workloads.close();
            bench.deleteServerIdentity();
        }
        bench.sortRows();
        if (notesFile != null) {
            // A child run: the parent prints the table and the summary.
            Files.write(notesFile, bench.notes, StandardCharsets.UTF_8);
        } else {
            bench.notes.add(String.format(Locale.ROOT, "run took %.1f min; load average (1, 5, 15 min) before: %s,"
                    + " after: %s", (System.nanoTime() - start) / 60e9, loadBefore, loadAverage()));
            bench.notes.add(bench.summary());
        }
        System.out.println();
        Report.print(System.out, bench.rows, bench.notes);
        Report.writeCsv(csv, bench.rows);
        System.out.println();
        System.out.println("wrote " + csv.toAbsolutePath().normalize());
    }

    /**
     * The CPU to pin the latency metrics to: {@code none} for no pinning, a number, or {@code auto}:
     * the first CPU this process may use, when {@code taskset} is on the PATH (Linux).
     */
    private static Optional<String> pinnedCpu(String setting) throws IOException {
        if (setting.equals("none")) {
            return Optional.empty();
        }
        if (!setting.equals("auto")) {
            return Optional.of(setting);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        boolean taskset = false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            taskset |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, "taskset"));
        }
        Path status = Path.of("/proc/self/status");
        if (!taskset || !Files.isReadable(status)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return Optional.of(line.substring(line.indexOf(':') + 1).trim().split("[,-]")[0]);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the latency metrics in a child JVM pinned to one CPU with {@code taskset}, and takes its
     * rows and notes. On a VM, a wakeup across vCPUs can cost tens of microseconds or nothing,
     * depending on where the scheduler placed the threads of each new connection, which makes
     * latencies bimodal from one measurement to the next; on one CPU they are stable, and what the
     * SDK's extra threads cost shows as the CPU time it is.
     */
    private void runPinned(String cpu, Set<Stack> stacks, Set<Metric> latency, String[] args)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-latency");
        Path childCsv = dir.resolve("latency.csv");
        Path childNotes = dir.resolve("notes.txt");
        List<String> childArgs = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--quick") || a.startsWith("--rounds=")) {
                childArgs.add(a);
            }
        }
        childArgs.add("--providers=" + String.join(",", stacks.stream().map(Stack::label).toList()));
        childArgs.add("--metrics=" + String.join(",",
                latency.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList()));
        childArgs.addAll(List.of("--latency-cpu=none", "--csv=" + childCsv, "--notes=" + childNotes));
        List<String> command = new ArrayList<>(List.of("taskset", "-c", cpu));
        command.addAll(ChildJvm.command(ChildJvm.inheritedOptions(), SideBySide.class, childArgs));
        PROGRESS.println("latency metrics: in a JVM pinned to CPU " + cpu + " (taskset)");
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!child.waitFor(PINNED_RUN_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                child.destroyForcibly();
                notes.add("latency metrics FAILED: the pinned JVM ran longer than " + PINNED_RUN_LIMIT);
                return;
            }
            if (child.exitValue() != 0 || !Files.exists(childCsv)) {
                notes.add("latency metrics FAILED: the pinned JVM exited with " + child.exitValue());
                return;
            }
            rows.addAll(Report.readCsv(childCsv));
            notes.add("echo, framed echo, connect and handshake latencies ran in a JVM pinned to CPU " + cpu + " (taskset),"
                    + " servers included; throughput and heap on all CPUs (--latency-cpu=none to change)");
            notes.addAll(Files.readAllLines(childNotes, StandardCharsets.UTF_8));
        } finally {
            for (Path p : List.of(childCsv, childNotes, dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Orders the rows by provider, then metric, as the issue lists them. */
    private void sortRows() {
        List<String> order = List.of("throughput", "throughput_1k", "echo_latency_p50", "echo_latency_p99",
                "echo_latency_p50_callbacks", "echo_latency_p50_reconnect", "connect_latency_p50",
                "handshake_latency_p50", "heap_per_client", "framed_line_echo_p50", "framed_line_echo_p99",
                "length_prefixed_throughput", "length_prefixed_throughput_256", "pool_borrow_return_p50",
                "pool_borrow_return_p99", "pool_32_threads_throughput", "pool_32_threads_throughput_unfair",
                "echo_latency_p50_jfr", "handshake_latency_fast_server_p50", "handshake_latency_fast_server_p99",
                "handshake_vs_go_p50", "handshake_vs_go_p99", "throughput_vs_go",
                "handshake_latency_resumed_p50", "heap_per_client_1k", "heap_per_client_1k_echo",
                "heap_per_client_10k", "heap_per_client_10k_echo", "virtual_thread_readers");
        rows.sort(Comparator.comparing((Row r) -> Stack.of(r.provider()))
                .thenComparing(r -> order.indexOf(r.metric())));
    }

    /** The system's load averages, which tell how noisy the machine was; "unknown" off Linux. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** How many rows meet the ratio targets. */
    private String summary() {
        long met = rows.stream().filter(Report::met).count();
        long noisy = rows.stream().filter(r -> !Report.met(r) && Report.noisyMet(r)).count();
        return String.format(Locale.ROOT, "targets: %d of %d rows met (a ratio of at least %.2f unless the row says"
                + " otherwise), %d more at least %.2f, %d below",
                met, rows.size(), Report.TARGET, noisy, Report.NOISY_TARGET, rows.size() - met - noisy);
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    /** The machine the numbers come from. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException e) {
            // Not Linux: the CPU stays unnamed in the report.
            cpu = "CPU model not readable (" + e.getClass().getSimpleName() + ")";
        }
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
                + System.getProperty("java.vm.name") + " " + Runtime.version() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    private void run(Stack stack, Set<Metric> metrics) throws GeneralSecurityException, IOException {
        Optional<String> missing = missing(stack);
        if (missing.isPresent()) {
            notes.add(stack.label() + ": SKIPPED, " + missing.get());
            PROGRESS.println("[" + stack.label() + "] skipped: " + missing.get());
            return;
        }
        SdkSide sdk = new SdkSide(stack, pki, true, false);
        SdkSide sdkCallbacks = new SdkSide(stack, pki, true, true);
        SdkSide sdkReconnect = new SdkSide(stack, pki, true, false, SdkSide.RECONNECT);
        RawSide raw = new RawSide(stack, pki);
        SSLContext tls = stack.tls() ? serverTls : null;
        try (LoopbackServer sink = LoopbackServer.start(LoopbackServer.Mode.SINK, tls);
             LoopbackServer echo = LoopbackServer.start(LoopbackServer.Mode.ECHO, tls);
             LoopbackServer closing = LoopbackServer.start(LoopbackServer.Mode.CLOSE, tls);
             LoopbackServer frames = LoopbackServer.start(LoopbackServer.Mode.FRAMES, tls)) {
            if (stack.tls() && metrics.contains(Metric.ECHO)) {
                guarded("the TLS check", stack, () -> notes.add(stack.label() + ": negotiated sdk "
                        + workloads.negotiated(sdk, echo.address()) + ", raw " + workloads.negotiated(raw, echo.address())));
            }
            if (metrics.contains(Metric.THROUGHPUT)) {
                throughput(stack, "throughput", sdk, raw, sink.address(), settings.throughputBytes(),
                        Settings.LARGE_WRITE);
                if (stack.tls()) {
                    throughputAgainstGo(stack, sdk, sink.address(), settings.throughputBytes(), Settings.LARGE_WRITE);
                }
            }
            if (metrics.contains(Metric.THROUGHPUT_1K)) {
                throughput(stack, "throughput_1k", sdk, raw, sink.address(), settings.throughput1kBytes(),
                        Settings.SMALL_WRITE);
            }
            if (metrics.contains(Metric.ECHO)) {
                echo(stack, sdk, raw, sdkCallbacks, sdkReconnect, echo.address());
            }
            if (metrics.contains(Metric.HANDSHAKE) && stack.tls()) {
                handshake(stack, sdk, raw, closing.address());
            }
            if (metrics.contains(Metric.ECHO_LATENCY_P50_JFR)) {
                echoJfr(stack, sdk, raw, echo.address());
            }
            if (metrics.contains(Metric.FRAMED_LINE_ECHO_P50)) {
                framedLineEcho(stack, sdk, echo.address());
            }
            if (metrics.contains(Metric.LENGTH_PREFIXED_THROUGHPUT)) {
                lengthPrefixed(stack, sdk, frames.address(), "length_prefixed_throughput", FramingWorkloads.FRAME,
                        settings.prefixedBytes());
                lengthPrefixed(stack, sdk, frames.address(), "length_prefixed_throughput_256",
                        FramingWorkloads.SMALL_FRAME, settings.prefixedBytes() / 2);
            }
            boolean pool = metrics.contains(Metric.POOL_BORROW_RETURN_P50)
                    || metrics.contains(Metric.POOL_32_THREADS_THROUGHPUT);
            if (pool && stack.tls()) {
                notes.add(stack.label() + ": the pool metrics run on plain only (borrowing and returning never"
                        + " touch the transport)");
            } else if (pool) {
                if (metrics.contains(Metric.POOL_BORROW_RETURN_P50)) {
                    poolBorrowReturn(stack, sdk, echo.address());
                }
                if (metrics.contains(Metric.POOL_32_THREADS_THROUGHPUT)) {
                    poolThreads(stack, sdk, echo.address());
                }
            }
            int failures = sink.failures() + echo.failures() + closing.failures() + frames.failures();
            if (failures > 0) {
                notes.add(stack.label() + ": the in-JVM servers saw " + failures + " failed connections");
            }
        }
        if (metrics.contains(Metric.CONNECT)) {
            connect(stack);
        }
        if (metrics.contains(Metric.HEAP)) {
            heap(stack, sdk, raw);
        }
        if (metrics.contains(Metric.HANDSHAKE_LATENCY_FAST_SERVER_P50) && stack.tls()) {
            fastHandshake(stack);
        }
        if (metrics.contains(Metric.HANDSHAKE_LATENCY_RESUMED_P50) && stack.tls()) {
            resumedHandshake(stack);
        }
        if (metrics.contains(Metric.HEAP_PER_CLIENT_1K)) {
            heapRows(stack, sdk, raw, 1_000, "heap_per_client_1k");
        }
        if (metrics.contains(Metric.HEAP_PER_CLIENT_10K)) {
            heapRows(stack, sdk, raw, 10_000, "heap_per_client_10k");
        }
        if (metrics.contains(Metric.VIRTUAL_THREAD_READERS)) {
            virtualReaders(stack, sdk, raw);
        }
    }

    /** Why a stack cannot be measured here: its SDK transport or its raw provider is missing. */
    private static Optional<String> missing(Stack stack) {
        if (!RawTls.available(stack)) {
            return Optional.of("the raw provider is unavailable in this JVM");
        }
        for (TransportInfo p : Transports.available()) {
            if (p.name().equals(stack.transport())) {
                return p.unavailableReason().map(r -> "SDK transport " + stack.transport() + " is unavailable: " + r);
            }
        }
        return Optional.of("SDK transport " + stack.transport() + " is not on the path (module tcp.client.transport."
                + stack.transport() + ")");
    }

    /** One measurement of one side: one or more values. */
    @FunctionalInterface
    private interface Measure {
        double[] run(boolean warmup) throws IOException;
    }

    /** The values of every round: per side, per value of a measurement. */
    private static final class Rounds {
        private final List<List<List<Double>>> values = new ArrayList<>();

        Rounds(int sides) {
            for (int i = 0; i < sides; i++) {
                values.add(new ArrayList<>());
            }
        }

        void add(int side, double[] measured) {
            List<List<Double>> perValue = values.get(side);
            for (int v = 0; v < measured.length; v++) {
                if (perValue.size() <= v) {
                    perValue.add(new ArrayList<>());
                }
                perValue.get(v).add(measured[v]);
            }
        }

        /** The value of the last round. */
        double last(int side, int value) {
            List<Double> v = values.get(side).get(value);
            return v.get(v.size() - 1);
        }

        /** The sum over the rounds. */
        double sum(int side, int value) {
            return values.get(side).get(value).stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The largest value of the rounds. */
        double max(int side, int value) {
            return values.get(side).get(value).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** The median over the rounds of value {@code value} of side {@code side}. */
        double median(int side, int value) {
            return Stats.median(values.get(side).get(value));
        }

        /**
         * The median over the rounds of {@code value} of side {@code base} divided by that of side
         * {@code side} in the same round: a ratio of one round's neighbours, which a burst of noise
         * that hits one round moves less than it moves either side's values.
         */
        double medianRoundRatio(int base, int side, int value) {
            List<Double> b = values.get(base).get(value);
            List<Double> s = values.get(side).get(value);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < Math.min(b.size(), s.size()); i++) {
                ratios.add(b.get(i) / s.get(i));
            }
            return Stats.median(ratios);
        }
    }

    /** A warm-up of each side, then {@code rounds} rounds of all sides in order (A B A B ...). */
    private Rounds interleave(String what, Stack stack, int rounds, List<Side> sides, List<Measure> measures)
            throws IOException {
        return interleaveNamed(what, stack, rounds, sides.stream().map(Side::name).toList(), measures);
    }

    /** {@link #interleave}, for sides that are not {@link Side}s, by name. */
    private Rounds interleaveNamed(String what, Stack stack, int rounds, List<String> names, List<Measure> measures)
            throws IOException {
        for (Measure m : measures) {
            m.run(true);
        }
        Rounds results = new Rounds(measures.size());
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%6.1fs [%s] %s round %d/%d:",
                    (System.nanoTime() - started) / 1e9, stack.label(), what, round, rounds));
            for (int i = 0; i < measures.size(); i++) {
                double[] values = measures.get(i).run(false);
                results.add(i, values);
                line.append(' ').append(names.get(i));
                for (double v : values) {
                    line.append(String.format(Locale.ROOT, " %.1f", v));
                }
            }
            PROGRESS.println(line);
        }
        return results;
    }

    private void throughput(Stack stack, String metric, Side sdk, Side raw, InetSocketAddress sink, long bytes,
                            int writeSize) {
        List<Side> sides = List.of(sdk, raw);
        List<Measure> measures = new ArrayList<>();
        for (Side side : sides) {
            // A full-size warm-up: Bouncy Castle's record layer takes long to compile.
            measures.add(warmup -> new double[] {workloads.throughput(side, sink, bytes, writeSize)});
        }
        guarded(metric, stack, () -> {
            Rounds r = interleave(metric, stack, settings.throughputRounds(), sides, measures);
            rows.add(new Row(metric, stack.label(), r.median(0, 0), r.median(1, 0), "MB/s", true));
        });
    }

    /**
     * {@code throughput_vs_go}: the SDK's 64 KiB-write TLS throughput against Go's client (bench/go)
     * on the same sink server, in the same interleaved rounds.
     */
    private void throughputAgainstGo(Stack stack, Side sdk, InetSocketAddress sink, long bytes, int writeSize) {
        guarded("throughput against Go", stack, () -> {
            Optional<GoClient> go = GoClient.find(pki, settings.limit());
            if (go.isEmpty()) {
                notes.add(stack.label() + ": throughput_vs_go not measured: " + GoClient.missing());
                return;
            }
            List<Measure> measures = List.of(
                    warmup -> new double[] {workloads.throughput(sdk, sink, bytes, writeSize)},
                    warmup -> new double[] {go.get().throughput(sink, bytes, writeSize)});
            Rounds r = interleaveNamed("throughput against Go MB/s", stack, settings.throughputRounds(),
                    List.of("sdk", "go"), measures);
            Row row = new Row("throughput_vs_go", stack.label(), r.median(0, 0), r.median(1, 0), "MB/s", true);
            rows.add(row);
            notes.add(String.format(Locale.ROOT, "%s: %d KiB writes to the same SunJSSE sink: sdk %.0f MB/s, %s"
                    + " %.0f MB/s (sdk/go %.3f; median of the rounds' ratios %.3f)", stack.label(), writeSize / 1024,
                    row.sdk(), go.get().version(), row.raw(), row.sdk() / row.raw(), r.medianRoundRatio(0, 1, 0)));
        });
    }

    private void echo(Stack stack, Side sdk, Side raw, Side sdkCallbacks, Side sdkReconnect,
                      InetSocketAddress server) {
        List<Side> sides = List.of(sdk, raw, sdkCallbacks, sdkReconnect);
        List<Measure> measures = new ArrayList<>();
        for (Side side : sides) {
            measures.add(warmup -> {
                Workloads.Latency l = workloads.echo(side, server, settings.echoWarmup(), settings.echoCount());
                return new double[] {l.p50(), l.p99()};
            });
        }
        guarded("echo latency", stack, () -> {
            Rounds r = interleave("echo p50/p99 us", stack, settings.echoRounds(), sides, measures);
            double sdkP50 = r.median(0, 0);
            double rawP50 = r.median(1, 0);
            double callbacksP50 = r.median(2, 0);
            double reconnectP50 = r.median(3, 0);
            rows.add(new Row("echo_latency_p50", stack.label(), sdkP50, rawP50, "us", false));
            rows.add(new Row("echo_latency_p99", stack.label(), r.median(0, 1), r.median(1, 1), "us", false));
            rows.add(new Row("echo_latency_p50_callbacks", stack.label(), callbacksP50, rawP50, "us", false));
            rows.add(new Row("echo_latency_p50_reconnect", stack.label(), reconnectP50, rawP50, "us", false));
            double added = callbacksP50 - sdkP50;
            notes.add(String.format(Locale.ROOT, "%s: callbacks add %.1f us to the echo p50 (%.1f with, %.1f without;"
                    + " target < 5 us): %s", stack.label(), added, callbacksP50, sdkP50, added < 5 ? "met" : "MISSED"));
            // Without over with, as the latency rows' ratios: above 1 when the policy's side was faster.
            // Judged on the median of the rounds' own ratios: the two sides of one round ran a moment
            // apart, while the medians of each side's rounds can land in different modes of a bimodal machine.
            double paired = r.medianRoundRatio(0, 3, 0);
            notes.add(String.format(Locale.ROOT, "%s: a reconnect policy (exponential 100 ms to 1 s) on the echo p50:"
                    + " %.1f us with, %.1f without (ratio of medians %.3f); median of the rounds' ratios %.3f"
                    + " (target >= %.2f): %s", stack.label(), reconnectP50, sdkP50, sdkP50 / reconnectP50, paired,
                    RECONNECT_TARGET, paired >= RECONNECT_TARGET ? "met" : "MISSED"));
        });
    }

    /**
     * {@code framed_line_echo_p50}/{@code _p99}: 64-byte line round trips through
     * {@code FramedClient} with {@code FrameCodec.lines()} (the sdk column) against a hand-written
     * {@code BufferedInputStream} line reader and {@code client.write} (the raw column), both over a
     * {@code ClientTCP} of the stack's transport.
     */
    private void framedLineEcho(Stack stack, SdkSide sdk, InetSocketAddress server) {
        List<Measure> measures = new ArrayList<>();
        for (boolean framed : new boolean[] {true, false}) {
            measures.add(warmup -> {
                Workloads.Latency l = framing.lineEcho(sdk, server, framed, settings.echoWarmup(), settings.echoCount());
                return new double[] {l.p50(), l.p99()};
            });
        }
        guarded("framed line echo", stack, () -> {
            Rounds r = interleaveNamed("line echo p50/p99 us", stack, settings.echoRounds(),
                    List.of("framed", "hand-written"), measures);
            Row p50 = new Row("framed_line_echo_p50", stack.label(), r.median(0, 0), r.median(1, 0), "us", false);
            rows.add(p50);
            rows.add(new Row("framed_line_echo_p99", stack.label(), r.median(0, 1), r.median(1, 1), "us", false));
            double paired = r.medianRoundRatio(1, 0, 0);
            notes.add(String.format(Locale.ROOT, "%s: 64-byte line echo p50, FramedClient(lines()) %.1f us, hand-written"
                    + " BufferedInputStream reader %.1f us (ratio of medians %.3f, median of the rounds' ratios %.3f;"
                    + " target >= %.2f): %s", stack.label(), p50.sdk(), p50.raw(), p50.ratio(), paired, Report.TARGET,
                    Report.met(p50) ? "met" : "MISSED"));
        });
    }

    /**
     * {@code length_prefixed_throughput} (16 KiB frames) and {@code _256}: frames with a 4-byte
     * big-endian length prefix from a {@link LoopbackServer.Mode#FRAMES} server, read through
     * {@code FramedClient} (the sdk column) against {@code DataInputStream(BufferedInputStream)}
     * {@code readInt}/{@code readFully} (the raw column), both over a {@code ClientTCP}.
     */
    private void lengthPrefixed(Stack stack, SdkSide sdk, InetSocketAddress server, String metric, int frameSize,
                                long bytes) {
        List<Measure> measures = new ArrayList<>();
        for (boolean framed : new boolean[] {true, false}) {
            measures.add(warmup -> new double[] {framing.lengthPrefixed(sdk, server, framed, frameSize, bytes)});
        }
        guarded(metric, stack, () -> {
            Rounds r = interleaveNamed(metric + " MB/s", stack, settings.throughputRounds(),
                    List.of("framed", "hand-written"), measures);
            Row row = new Row(metric, stack.label(), r.median(0, 0), r.median(1, 0), "MB/s", true);
            rows.add(row);
            notes.add(String.format(Locale.ROOT, "%s: %s, %d-byte frames: FramedClient %.0f MB/s, DataInputStream"
                    + " %.0f MB/s (ratio of medians %.3f, median of the rounds' ratios %.3f; target >= %.2f): %s",
                    stack.label(), metric, frameSize, row.sdk(), row.raw(), row.ratio(), r.medianRoundRatio(0, 1, 0),
                    Report.TARGET, Report.met(row) ? "met" : "MISSED"));
        });
    }

    /**
     * {@code pool_borrow_return_p50}/{@code _p99}: {@code pool.borrow()} and {@code lease.close()}
     * on a pool holding one idle connected client, against a hand-written lock and
     * {@code ArrayDeque} lending the same client object. The target is absolute: p50 under 1 us.
     */
    private void poolBorrowReturn(Stack stack, SdkSide sdk, InetSocketAddress server) {
        guarded("pool borrow+return", stack, () -> {
            try (ClientPool pool = ClientPool.builder(() -> sdk.newClient(server, false)).maxSize(1).build()) {
                ClientTCP client;
                try (ClientPool.Lease lease = pool.borrow()) { // dials the pool's one client
                    client = lease.client();
                }
                PoolWorkloads.BorrowReturn pooled = PoolWorkloads.pooled(pool);
                PoolWorkloads.BorrowReturn hand = PoolWorkloads.handWritten(client);
                List<Measure> measures = List.of(
                        warmup -> pooling.borrowReturn(pooled, settings.poolSamples()),
                        warmup -> pooling.borrowReturn(hand, settings.poolSamples()));
                Rounds r = interleaveNamed("borrow+return ns p50/p99/batch mean", stack, settings.echoRounds(),
                        List.of("pool", "hand-written"), measures);
                Row p50 = new Row("pool_borrow_return_p50", stack.label(), r.median(0, 0), r.median(1, 0), "ns", false);
                rows.add(p50);
                rows.add(new Row("pool_borrow_return_p99", stack.label(), r.median(0, 1), r.median(1, 1), "ns", false));
                PoolStats stats = pool.stats();
                notes.add(String.format(Locale.ROOT, "%s: ClientPool borrow()+close() on one idle client: p50 %.0f ns,"
                        + " p99 %.0f ns, untimed batch mean %.0f ns per pair (hand-written lock+ArrayDeque: %.0f / %.0f"
                        + " / %.0f ns); target p50 < %.0f ns: %s; pool after the rounds: created %d, closed %d",
                        stack.label(), r.median(0, 0), r.median(0, 1), r.median(0, 2), r.median(1, 0), r.median(1, 1),
                        r.median(1, 2), Report.POOL_BORROW_TARGET_NS, Report.met(p50) ? "met" : "MISSED",
                        stats.created(), stats.closed()));
            }
        });
    }

    /**
     * {@code pool_32_threads_throughput}: {@value PoolWorkloads#POOL_THREADS} threads sharing a pool
     * of maxSize {@value PoolWorkloads#POOL_SIZE} (borrow, one 64-byte echo round trip, give back)
     * against {@value PoolWorkloads#POOL_SIZE} threads with a dedicated client each; round trips per
     * second. The target is a ratio of 0.90.
     */
    private void poolThreads(Stack stack, SdkSide sdk, InetSocketAddress server) {
        guarded("pool threads", stack, () -> {
            List<ClientTCP> made = new CopyOnWriteArrayList<>();
            List<ClientTCP> madeUnfair = new CopyOnWriteArrayList<>();
            List<ClientTCP> dedicated = new ArrayList<>();
            try (ClientPool pool = ClientPool.builder(() -> {
                ClientTCP c = sdk.newClient(server, false);
                made.add(c);
                return c;
            }).maxSize(PoolWorkloads.POOL_SIZE).build();
                 ClientPool unfair = ClientPool.builder(() -> {
                     ClientTCP c = sdk.newClient(server, false);
                     madeUnfair.add(c);
                     return c;
                 }).maxSize(PoolWorkloads.POOL_SIZE).fair(false).build()) {
                for (int i = 0; i < PoolWorkloads.POOL_SIZE; i++) {
                    ClientTCP c = sdk.newClient(server, false);
                    dedicated.add(c);
                    c.connect();
                }
                int trips = settings.poolRoundTrips();
                // Side 2 is the same pool built fair(false); side 3 a reference point for where the
                // fair pool's time goes: the same 32 threads on the 8 dedicated clients through an
                // unfair ArrayBlockingQueue.
                List<Measure> measures = List.of(
                        warmup -> interruptible(() -> pooling.pooledThroughput(pool, made, trips)),
                        warmup -> interruptible(() -> pooling.dedicatedThroughput(dedicated, trips)),
                        warmup -> interruptible(() -> pooling.pooledThroughput(unfair, madeUnfair, trips)),
                        warmup -> interruptible(() -> pooling.queueThroughput(dedicated, false, trips)));
                Rounds r = interleaveNamed("round trips/s, context switches per round trip", stack,
                        settings.throughputRounds(), List.of("32-on-pool-of-8", "8-dedicated", "32-on-unfair-pool-of-8",
                                "32-on-unfair-queue-of-8"), measures);
                Row row = new Row("pool_32_threads_throughput", stack.label(), r.median(0, 0), r.median(1, 0), "rt/s",
                        true);
                rows.add(row);
                Row unfairRow = new Row("pool_32_threads_throughput_unfair", stack.label(), r.median(2, 0),
                        r.median(1, 0), "rt/s", true);
                rows.add(unfairRow);
                PoolStats stats = pool.stats();
                notes.add(String.format(Locale.ROOT, "%s: 32 threads on a ClientPool of 8: %.0f round trips/s, 8 threads"
                        + " with a client each: %.0f (ratio of medians %.3f, median of the rounds' ratios %.3f;"
                        + " target >= %.2f): %s; pool after the rounds: created %d, closed %d",
                        stack.label(), row.sdk(), row.raw(), row.ratio(), r.medianRoundRatio(0, 1, 0),
                        Report.POOL_THREADS_TARGET, Report.met(row) ? "met" : "MISSED", stats.created(), stats.closed()));
                notes.add(String.format(Locale.ROOT, "%s: 32 threads on a ClientPool of 8 built fair(false):"
                        + " %.0f round trips/s (median of the rounds' ratios to dedicated %.3f; target >= %.2f): %s;"
                        + " for reference an unfair ArrayBlockingQueue of the 8 dedicated clients: %.0f (%.3f);"
                        + " client threads' context switches per round trip: ClientPool %.2f, dedicated %.2f,"
                        + " unfair ClientPool %.2f, unfair queue %.2f", stack.label(), r.median(2, 0),
                        r.medianRoundRatio(2, 1, 0), Report.POOL_THREADS_TARGET, Report.met(unfairRow) ? "met" : "MISSED",
                        r.median(3, 0), r.medianRoundRatio(3, 1, 0), r.median(0, 1),
                        r.median(1, 1), r.median(2, 1), r.median(3, 1)));
            } finally {
                for (ClientTCP c : dedicated) {
                    c.close();
                }
            }
        });
    }

    @FunctionalInterface
    private interface Interruptible {
        double[] run() throws IOException, InterruptedException;
    }

    private static double[] interruptible(Interruptible measurement) throws IOException {
        try {
            return measurement.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while measuring");
            io.initCause(e);
            throw io;
        }
    }

    private void connect(Stack stack) throws GeneralSecurityException {
        // The TCP connect alone: plain connections, through the stack's transport on the SDK side.
        Side sdk = new SdkSide(stack, pki, false, false);
        Side raw = new RawSide(Stack.PLAIN, pki);
        List<Side> sides = List.of(sdk, raw);
        guarded("connect", stack, () -> {
            try (LoopbackServer closing = LoopbackServer.start(LoopbackServer.Mode.CLOSE, null)) {
                List<Measure> measures = new ArrayList<>();
                for (Side side : sides) {
                    measures.add(warmup -> new double[] {workloads.connects(side, closing.address(),
                            settings.connectCount(), false).p50()});
                }
                Rounds r = interleave("connect p50 us", stack, settings.connectRounds(), sides, measures);
                rows.add(new Row("connect_latency_p50", stack.label(), r.median(0, 0), r.median(1, 0), "us", false));
            }
        });
        if (stack.tls()) {
            notes.add(stack.label() + ": connect_latency_p50 is a plain TCP connect through the " + stack.transport()
                    + " transport; the full TLS connect is handshake_latency_p50");
        }
    }

    private void handshake(Stack stack, Side sdk, Side raw, InetSocketAddress server) {
        List<Side> sides = List.of(sdk, raw);
        List<Measure> measures = new ArrayList<>();
        for (Side side : sides) {
            // A long warm-up: Bouncy Castle's handshake code takes over a thousand handshakes to compile.
            measures.add(warmup -> new double[] {workloads.connects(side, server,
                    warmup ? HANDSHAKE_WARMUP_FACTOR * settings.handshakeCount() : settings.handshakeCount(), true).p50()});
        }
        guarded("handshake", stack, () -> {
            Rounds r = interleave("full handshake p50 us", stack, settings.handshakeRounds(), sides, measures);
            rows.add(new Row("handshake_latency_p50", stack.label(), r.median(0, 0), r.median(1, 0), "us", false));
        });
    }

    private void heap(Stack stack, Side sdk, Side raw) {
        int clients = stack.tls() ? settings.heapTlsClients() : settings.heapPlainClients();
        guarded("heap", stack, () -> {
            Path identity = null;
            if (stack.tls()) {
                identity = serverIdentity();
            }
            try (HeapProbe probe = HeapProbe.start(identity)) {
                List<Side> sides = List.of(sdk, raw);
                List<Measure> measures = new ArrayList<>();
                for (Side side : sides) {
                    measures.add(warmup -> new double[] {probe.bytesPerClient(side, warmup ? clients / 4 : clients)});
                }
                Rounds r = interleave("heap B/client (" + clients + " clients)", stack, settings.heapRounds(), sides,
                        measures);
                double sdkBytes = r.median(0, 0);
                double rawBytes = r.median(1, 0);
                rows.add(new Row("heap_per_client", stack.label(), sdkBytes, rawBytes, "B", false));
                if (!stack.tls()) {
                    notes.add(String.format(Locale.ROOT, "plain: heap per idle client %.0f B beyond the raw Socket"
                            + " (target <= 2048 B): %s", sdkBytes - rawBytes, sdkBytes - rawBytes <= 2048 ? "met" : "MISSED"));
                }
            }
        });
    }

    /** The server identity file for the heap server's JVM, written once into a temporary folder. */
    private Path serverIdentity() throws IOException {
        if (serverIdentity == null) {
            serverIdentity = Pki.writeServerIdentity(Files.createTempDirectory("bench-heap-pki"));
        }
        return serverIdentity;
    }

    /** Deletes the temporary folder of {@link #serverIdentity()}, if there is one. */
    private void deleteServerIdentity() throws IOException {
        if (serverIdentity == null) {
            return;
        }
        Path dir = serverIdentity.getParent();
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException, GeneralSecurityException;
    }

    /** Runs one metric; a failure becomes a note, and the other metrics go on. */
    private void guarded(String what, Stack stack, Step step) {
        try {
            step.run();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            notes.add(stack.label() + ": " + what + " FAILED: " + e);
            PROGRESS.println("[" + stack.label() + "] " + what + " failed:");
            e.printStackTrace(PROGRESS);
        }
    }

    /** The SDK's four JFR events, as an application's recording would enable them. */
    static final List<String> SDK_EVENTS = List.of("tcp.client.Connect", "tcp.client.Handshake", "tcp.client.Close",
            "tcp.client.Reconnect");
    /** A JFR recording costs the SDK's echo at most about 5 %. */
    private static final double JFR_TARGET = 0.95;
    /** The SDK, its counters always on, costs the echo at most about 3 % over the raw socket. */
    private static final double STATS_TARGET = 0.97;

    /**
     * {@code echo_latency_p50_jfr}: the 64-byte echo p50 of the SDK while a {@code jdk.jfr.Recording}
     * with the SDK's four events enabled (no threshold) runs, in the same rounds as the SDK without a
     * recording and the raw socket. Each of its measurements starts a recording before connecting
     * and stops it after closing (neither timed), and counts the events it holds.
     */
    private void echoJfr(Stack stack, Side sdk, Side raw, InetSocketAddress server) {
        long[] events = new long[1];
        List<Measure> measures = new ArrayList<>();
        for (Side side : List.of(sdk, raw)) {
            measures.add(warmup -> {
                Workloads.Latency l = workloads.echo(side, server, settings.echoWarmup(), settings.echoCount());
                return new double[] {l.p50(), l.p99()};
            });
        }
        measures.add(warmup -> {
            Path dump = Files.createTempFile("bench-echo", ".jfr");
            try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
                for (String event : SDK_EVENTS) {
                    recording.enable(event).withoutThreshold();
                }
                recording.start();
                Workloads.Latency l = workloads.echo(sdk, server, settings.echoWarmup(), settings.echoCount());
                recording.stop();
                recording.dump(dump);
                for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(dump)) {
                    if (SDK_EVENTS.contains(e.getEventType().getName()) && !warmup) {
                        events[0]++;
                    }
                }
                return new double[] {l.p50(), l.p99()};
            } finally {
                Files.deleteIfExists(dump);
            }
        });
        guarded("echo latency with JFR", stack, () -> {
            Rounds r = interleaveNamed("echo p50/p99 us", stack, settings.echoRounds(), List.of("sdk", "raw", "sdk+jfr"),
                    measures);
            double without = r.median(0, 0);
            double rawP50 = r.median(1, 0);
            double with = r.median(2, 0);
            rows.add(new Row("echo_latency_p50_jfr", stack.label(), with, rawP50, "us", false));
            double jfrPaired = r.medianRoundRatio(0, 2, 0);
            double statsPaired = r.medianRoundRatio(1, 0, 0);
            notes.add(String.format(Locale.ROOT, "%s: echo p50 with a JFR recording of the SDK's 4 events %.1f us,"
                    + " without %.1f us, raw %.1f us; without/with: ratio of medians %.3f, median of the rounds' ratios"
                    + " %.3f (target >= %.2f): %s; SDK (stats always on) vs raw: raw/sdk ratio of medians %.3f, rounds'"
                    + " ratios %.3f (target >= %.2f): %s; %d tcp.client events recorded over %d measured rounds",
                    stack.label(), with, without, rawP50, without / with, jfrPaired, JFR_TARGET,
                    jfrPaired >= JFR_TARGET ? "met" : "MISSED", rawP50 / without, statsPaired, STATS_TARGET,
                    statsPaired >= STATS_TARGET ? "met" : "MISSED", events[0], settings.echoRounds()));
        });
    }

    /**
     * {@code handshake_latency_fast_server_p50}/{@code _p99}: full TLS 1.3 handshakes, TCP connect
     * included, against a {@link FastTlsServer} issuing no tickets; the SDK (one shared
     * {@code TlsConfig}) against the provider's own socket (one shared context). Notes give each
     * side's split into the handshake and the rest.
     */
    private void fastHandshake(Stack stack) {
        guarded("fast-server handshake", stack, () -> {
            try (FastTlsServer server = FastTlsServer.start(false, pki)) {
                FastHandshakes fast = new FastHandshakes(settings.limit(), workloads);
                SdkSide sdk = new SdkSide(stack, pki, true, false);
                FastHandshakes.Raw raw = new FastHandshakes.Raw(stack, pki);
                InetSocketAddress address = server.address();
                int count = fastHandshakes();
                Optional<GoClient> go = GoClient.find(pki, settings.limit());
                List<Measure> measures = new ArrayList<>(List.of(
                        warmup -> fast.sdk(sdk, address, warmup ? HANDSHAKE_WARMUP_FACTOR * count : count, false).values(),
                        warmup -> fast.raw(raw, address, warmup ? HANDSHAKE_WARMUP_FACTOR * count : count, false).values()));
                List<String> names = new ArrayList<>(List.of("sdk", "raw"));
                if (go.isPresent()) {
                    measures.add(warmup -> fast.go(go.get(), address, warmup ? HANDSHAKE_WARMUP_FACTOR * count : count).values());
                    names.add("go");
                }
                Rounds r = interleaveNamed("fast-server full handshake us p50 p99 handshake outside resumed n", stack,
                        settings.handshakeRounds(), names, measures);
                Row p50 = new Row("handshake_latency_fast_server_p50", stack.label(), r.median(0, 0), r.median(1, 0),
                        "us", false);
                Row p99 = new Row("handshake_latency_fast_server_p99", stack.label(), r.median(0, 1), r.median(1, 1),
                        "us", false);
                rows.add(p50);
                rows.add(p99);
                notes.add(String.format(Locale.ROOT, "%s: full handshake against %s, TCP connect included, shared"
                        + " client context, no resumption (resumed: sdk %.0f, raw %.0f in the last round): p50 sdk %.0f us"
                        + " (of which handshake %.0f, the rest %.0f), raw %.0f us (startHandshake %.0f, socket+connect"
                        + " %.0f); p99 sdk %.0f, raw %.0f us; median of the rounds' raw/sdk p50 ratios %.3f; against Go's"
                        + " client here (about 900-1,000 us p50, 1,700 us p99): sdk p50 %.2fx, p99 %.2fx",
                        stack.label(), server.describe(), r.last(0, 4), r.last(1, 4), p50.sdk(), r.median(0, 2),
                        r.median(0, 3), p50.raw(), r.median(1, 2), r.median(1, 3), p99.sdk(), p99.raw(),
                        r.medianRoundRatio(1, 0, 0), p50.sdk() / 950, p99.sdk() / 1700));
                if (go.isPresent()) {
                    Row goP50 = new Row("handshake_vs_go_p50", stack.label(), r.median(0, 0), r.median(2, 0), "us", false);
                    Row goP99 = new Row("handshake_vs_go_p99", stack.label(), r.median(0, 1), r.median(2, 1), "us", false);
                    rows.add(goP50);
                    rows.add(goP99);
                    notes.add(String.format(Locale.ROOT, "%s: against %s's client on the same server in the same"
                            + " rounds: p50 sdk %.0f us, go %.0f us (go/sdk %.3f, median of the rounds' ratios %.3f);"
                            + " p99 sdk %.0f us, go %.0f us (go/sdk %.3f)", stack.label(), go.get().version(),
                            goP50.sdk(), goP50.raw(), goP50.ratio(), r.medianRoundRatio(2, 0, 0), goP99.sdk(),
                            goP99.raw(), goP99.ratio()));
                } else {
                    notes.add(stack.label() + ": handshake_vs_go not measured: " + GoClient.missing());
                }
            }
        });
    }

    /**
     * {@code handshake_latency_resumed_p50}: against a {@link FastTlsServer} that issues tickets,
     * resumed handshakes (one shared {@code TlsConfig} or context, primed by one connect) and full
     * ones (a new config or context per connect) in the same rounds, SDK and raw. The row's ratio is
     * the SDK's full p50 over its resumed p50; its columns are the SDK's and the raw side's resumed
     * p50, taken over the handshakes that did resume (n/a when none did).
     */
    private void resumedHandshake(Stack stack) {
        guarded("resumed handshake", stack, () -> {
            try (FastTlsServer server = FastTlsServer.start(true, pki)) {
                FastHandshakes fast = new FastHandshakes(settings.limit(), workloads);
                SdkSide sdk = new SdkSide(stack, pki, true, false);
                FastHandshakes.Raw raw = new FastHandshakes.Raw(stack, pki);
                InetSocketAddress address = server.address();
                int count = resumedHandshakes();
                List<Measure> measures = List.of(
                        warmup -> fast.sdk(sdk, address, warmup ? 2 * count : count, false).values(),
                        warmup -> fast.sdk(sdk, address, count, true).values(),
                        warmup -> fast.raw(raw, address, warmup ? 2 * count : count, false).values(),
                        warmup -> fast.raw(raw, address, count, true).values());
                Rounds r = interleaveNamed("handshake us p50 p99 handshake outside resumed n resumed-p50", stack,
                        settings.handshakeRounds(), List.of("sdk-resumed", "sdk-full", "raw-resumed", "raw-full"),
                        measures);
                double sdkResumed = r.sum(0, 4) == 0 ? Double.NaN : r.median(0, 6);
                double rawResumed = r.sum(2, 4) == 0 ? Double.NaN : r.median(2, 6);
                double sdkFull = r.median(1, 0);
                double rawFull = r.median(3, 0);
                rows.add(Row.withRatio("handshake_latency_resumed_p50", stack.label(), sdkResumed, rawResumed, "us",
                        sdkFull / sdkResumed));
                notes.add(String.format(Locale.ROOT, "%s: against %s: resumed p50 sdk %s us (%.0f of %.0f timed"
                        + " handshakes resumed), raw %s us (%.0f of %.0f); full p50 on the same server sdk %.0f us"
                        + " (resumed by mistake: %.0f), raw %.0f us (%.0f); full/resumed sdk %s, raw %s%s",
                        stack.label(), server.describe(), micros(sdkResumed), r.sum(0, 4), r.sum(0, 5), micros(rawResumed),
                        r.sum(2, 4), r.sum(2, 5), sdkFull, r.sum(1, 4), rawFull, r.sum(3, 4),
                        ratio(sdkFull / sdkResumed), ratio(rawFull / rawResumed),
                        stack == Stack.BC ? "; transport bc does not resume (a listed gap), so its row is n/a" : ""));
            }
        });
    }

    private static String micros(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * File descriptors one connected client holds in this JVM: one, except on Conscrypt, whose
     * clients (SDK and raw alike) were measured holding three each.
     */
    private static int fdsPerClient(Stack stack) {
        return stack == Stack.CONSCRYPT ? 3 : 1;
    }

    /** Whether TLS heap rows run with 10,000 clients: not in --quick unless -Dbench.heapTls10k=true. */
    private boolean tls10k() {
        return !settings.quick() || Boolean.getBoolean("bench.heapTls10k");
    }

    /**
     * {@code heap_per_client_1k}/{@code _10k} and their {@code _echo} rows: heap per idle client with
     * {@code clients} clients connected, and again after one 64-byte echo on each; the first measured
     * round of each side also takes class histograms, whose top classes per client go to the notes.
     */
    private void heapRows(Stack stack, Side sdk, Side raw, int clients, String metric) {
        if (stack.tls() && clients > 1_000 && !tls10k()) {
            notes.add(String.format(Locale.ROOT, "%s: %s skipped in --quick: %,d TLS handshakes against the SunJSSE"
                    + " hold server take about 30-60 s per side and round; run without --quick or with"
                    + " -Dbench.heapTls10k=true", stack.label(), metric, clients));
            return;
        }
        long limit = HeapProbe.openFilesLimit();
        int fdsEach = fdsPerClient(stack);
        if (limit >= 0 && limit < (long) fdsEach * clients + 1_000L) {
            notes.add(String.format(Locale.ROOT, "%s: %s SKIPPED: the open files limit is %d, below %d clients"
                    + " times %d descriptors each plus 1,000 (bench/run raises the soft limit to the hard one; raise"
                    + " that with ulimit -Hn)", stack.label(), metric, limit, clients, fdsEach));
            return;
        }
        // --quick: 2 rounds at 1,000 clients, 1 at 10,000 (heapRounds 3); the full run 4 and 1 (heapRounds 5).
        int rounds = clients > 1_000 ? Math.max(1, settings.heapRounds() / 3) : Math.max(1, settings.heapRounds() - 1);
        guarded(metric, stack, () -> {
            Path identity = stack.tls() ? serverIdentity() : null;
            try (HeapProbe probe = HeapProbe.start(identity)) {
                List<Side> sides = List.of(sdk, raw);
                List<List<String>> top = new ArrayList<>(List.of(List.of(), List.of()));
                List<java.util.Map<String, double[]>> perClient = new ArrayList<>(List.of(java.util.Map.of(),
                        java.util.Map.of()));
                int[] fds = new int[6];
                List<Measure> measures = new ArrayList<>();
                for (int i = 0; i < sides.size(); i++) {
                    int side = i;
                    measures.add(warmup -> {
                        boolean histogram = !warmup && top.get(side).isEmpty();
                        HeapProbe.Measured m = probe.measure(sides.get(side), warmup ? Math.min(clients / 4, 500) : clients,
                                true, histogram, 8);
                        if (histogram) {
                            top.set(side, m.topClasses());
                            perClient.set(side, m.perClient());
                        }
                        fds[side * 3] = m.fdsBefore();
                        fds[side * 3 + 1] = m.fdsConnected();
                        fds[side * 3 + 2] = m.fdsAfter();
                        return new double[] {m.idle(), m.echoed()};
                    });
                }
                Rounds r = interleave("heap B/client idle, after echo (" + clients + " clients)", stack, rounds, sides,
                        measures);
                Row idle = new Row(metric, stack.label(), r.median(0, 0), r.median(1, 0), "B", false);
                Row echoed = new Row(metric + "_echo", stack.label(), r.median(0, 1), r.median(1, 1), "B", false);
                rows.add(idle);
                rows.add(echoed);
                double target = stack.tls() ? 8192 : 512;
                notes.add(String.format(Locale.ROOT, "%s: %s: heap per client with %,d clients, idle sdk %.0f B, raw %.0f B"
                        + " (SDK adds %.0f B); after one echo each sdk %.0f B, raw %.0f B; absolute target for the SDK"
                        + " <= %.0f B idle: %s; fds of this JVM (last round) sdk %d before, %d connected, %d after;"
                        + " raw %d, %d, %d", stack.label(), metric, clients, idle.sdk(), idle.raw(),
                        idle.sdk() - idle.raw(), echoed.sdk(), echoed.raw(), target,
                        idle.sdk() <= target ? "met" : "MISSED", fds[0], fds[1], fds[2], fds[3], fds[4], fds[5]));
                notes.add(stack.label() + ": " + metric + ": top classes per client, sdk (bytes, instances): "
                        + String.join("; ", top.get(0)));
                notes.add(stack.label() + ": " + metric + ": top classes per client, raw (bytes, instances): "
                        + String.join("; ", top.get(1)));
                notes.add(stack.label() + ": " + metric + ": where the SDK's clients exceed the raw ones, per client: "
                        + String.join("; ", HeapProbe.topDifference(perClient.get(0), perClient.get(1), 10)));
            }
        });
    }

    /**
     * {@code virtual_thread_readers} (Java 21+): 10,000 plain or 1,000 TLS clients, each read by a
     * virtual thread blocked in read; the hold server writes 64 bytes to every connection; time until
     * all have read it, SDK against raw. Notes give the platform threads alive and the pinning events.
     */
    private void virtualReaders(Stack stack, Side sdk, Side raw) {
        if (!VirtualReaders.supported()) {
            if (!vtJava17Noted) {
                vtJava17Noted = true;
                String line = "virtual_thread_readers needs Java 21 or later (virtual threads); this JVM is "
                        + Runtime.version() + ": row skipped (JAVA_HOME=/path/to/jdk21+ bench/run --metrics=virtual_thread_readers)";
                PROGRESS.println(line);
                System.out.println(line);
                notes.add(line);
            }
            return;
        }
        int clients = stack.tls() ? 1_000 : 10_000;
        long limit = HeapProbe.openFilesLimit();
        if (limit >= 0 && limit < (long) fdsPerClient(stack) * clients + 1_000L) {
            notes.add(String.format(Locale.ROOT, "%s: virtual_thread_readers SKIPPED: the open files limit is %d, below"
                    + " %d clients plus 1,000", stack.label(), limit, clients));
            return;
        }
        guarded("virtual thread readers", stack, () -> {
            Path identity = stack.tls() ? serverIdentity() : null;
            try (HeapProbe probe = HeapProbe.start(identity)) {
                List<Side> sides = List.of(sdk, raw);
                List<Measure> measures = new ArrayList<>();
                for (Side side : sides) {
                    measures.add(warmup -> VirtualReaders.measure(probe, side, warmup ? clients / 10 : clients,
                            settings.limit().toMillis()).values());
                }
                Rounds r = interleave("virtual readers ms, platform threads, pinned, read", stack,
                        settings.heapRounds(), sides, measures);
                Row row = new Row("virtual_thread_readers", stack.label(), r.median(0, 0), r.median(1, 0), "ms", false);
                rows.add(row);
                notes.add(String.format(Locale.ROOT, "%s: virtual_thread_readers: %,d clients, one virtual thread each"
                        + " blocked in read (scheduler parallelism %s); broadcast to all read in sdk %.1f ms, raw %.1f ms"
                        + " (median of the rounds' ratios %.3f); platform threads alive at most: sdk %.0f, raw %.0f;"
                        + " jdk.VirtualThreadPinned events (no threshold), all rounds: sdk %.0f, raw %.0f",
                        stack.label(), clients, System.getProperty("jdk.virtualThreadScheduler.parallelism",
                                Runtime.getRuntime().availableProcessors() + " (default)"), row.sdk(), row.raw(),
                        r.medianRoundRatio(1, 0, 0), r.max(0, 1), r.max(1, 1), r.sum(0, 2), r.sum(1, 2)));
            }
        });
    }
}
