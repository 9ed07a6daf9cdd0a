package tcp.client.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Heap bytes per idle connected client: used heap after full collections, with {@code n} clients
 * connected and idle minus before, divided by {@code n}. The server is a {@link HoldServer} in
 * another JVM, started here with the same module path (or class path), so that none of the
 * server's memory is counted.
 */
final class HeapProbe implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HeapProbe.class.getName());
    private static final int MAX_GCS = 8;
    private static final long STABLE_BYTES = 16 * 1024;
    /**
     * With {@code -Dbench.heapHistograms=DIR}, each measurement also writes class histograms
     * ({@code jcmd PID GC.class_histogram}) taken with the clients connected and after they closed,
     * to see what costs what.
     */
    private static final String HISTOGRAMS = System.getProperty("bench.heapHistograms");
    private int measurement;

    private final Process server;
    private final BufferedReader serverOut;
    private final OutputStream serverIn;
    private final InetSocketAddress address;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    private HeapProbe(Process server) throws IOException {
        this.server = server;
        this.serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
        this.serverIn = server.getOutputStream();
        String line = serverOut.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            server.destroyForcibly();
            throw new IOException("the heap server did not start: " + line);
        }
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(line.substring(5).trim()));
    }

    /**
     * Starts a {@link HoldServer} in a new JVM.
     *
     * @param identity the server's PKCS#12 file for TLS, or null for plain TCP
     */
    static HeapProbe start(Path identity) throws IOException {
        List<String> args = identity == null ? List.of("plain") : List.of("tls", identity.toString());
        List<String> command = ChildJvm.command(List.of("-Xmx1536m", "-XX:+UseSerialGC"), HoldServer.class, args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new HeapProbe(process);
    }

    /**
     * Connects {@code n} clients of {@code side}, measures, then drops them (the server closes
     * first, then the clients).
     *
     * @return heap bytes per client
     */
    double bytesPerClient(Side side, int n) throws IOException {
        List<Endpoint> clients = new ArrayList<>(n);
        long before = usedHeapAfterGc();
        histogram(side.name() + "-" + n + "-before");
        try {
            for (int i = 0; i < n; i++) {
                clients.add(side.dialer(address, false).connect());
            }
            long after = usedHeapAfterGc();
            histogram(side.name() + "-" + n + "-connected");
            return (after - before) / (double) n;
        } finally {
            drop();
            for (Endpoint e : clients) {
                try {
                    e.close();
                } catch (IOException ending) {
                    LOG.log(Level.DEBUG, "closing an idle client failed", ending);
                }
            }
        }
    }

    /**
     * One measurement of {@link #measure}: heap bytes per client idle right after connecting, and
     * again after one {@value Settings#ECHO_SIZE}-byte echo on each (NaN when not asked), the top
     * classes of the per-client histogram difference (empty when not asked), and the file
     * descriptors this JVM held before, with the clients, and after they closed.
     */
    record Measured(double idle, double echoed, List<String> topClasses, java.util.Map<String, double[]> perClient,
                    int fdsBefore, int fdsConnected, int fdsAfter) {
    }

    /** Where to connect: the hold server. */
    InetSocketAddress address() {
        return address;
    }

    /**
     * Connects {@code n} clients of {@code side}, measures the heap per client idle, then (with
     * {@code echo}) writes {@value Settings#ECHO_SIZE} bytes on every client, has the server echo
     * each, reads every echo and measures again; then drops them (the server closes first, then
     * the clients) and counts this JVM's file descriptors again.
     *
     * @param histogram whether to take class histograms ({@code jcmd GC.class_histogram}) before and
     *     with the clients, and keep the {@code top} classes of their difference per client
     */
    Measured measure(Side side, int n, boolean echo, boolean histogram, int top) throws IOException {
        List<Endpoint> clients = new ArrayList<>(n);
        int fdsBefore = openFds();
        long before = usedHeapAfterGc();
        java.util.Map<String, long[]> histogramBefore = histogram ? classHistogram() : java.util.Map.of();
        double idle;
        double echoed = Double.NaN;
        List<String> classes = List.of();
        java.util.Map<String, double[]> perClient = java.util.Map.of();
        int fdsConnected;
        try {
            for (int i = 0; i < n; i++) {
                clients.add(side.dialer(address, false).connect());
            }
            fdsConnected = openFds();
            idle = (usedHeapAfterGc() - before) / (double) n;
            if (histogram) {
                java.util.Map<String, long[]> histogramAfter = classHistogram();
                classes = topPerClient(histogramBefore, histogramAfter, n, top);
                perClient = perClient(histogramBefore, histogramAfter, n);
            }
            if (echo) {
                byte[] ping = new byte[Settings.ECHO_SIZE];
                java.util.Arrays.fill(ping, (byte) 'e');
                for (Endpoint e : clients) {
                    e.write(ping, 0, ping.length);
                }
                String answer = command("echo " + ping.length);
                if (!answer.equals("ECHOED " + n)) {
                    throw new IOException("the heap server echoed on fewer connections than " + n + ": " + answer);
                }
                byte[] pong = new byte[ping.length];
                for (Endpoint e : clients) {
                    e.readFully(pong, 0, pong.length);
                }
                echoed = (usedHeapAfterGc() - before) / (double) n;
            }
        } finally {
            drop();
            for (Endpoint e : clients) {
                try {
                    e.close();
                } catch (IOException ending) {
                    LOG.log(Level.DEBUG, "closing an idle client failed", ending);
                }
            }
        }
        clients.clear();
        return new Measured(idle, echoed, classes, perClient, fdsBefore, fdsConnected, openFds());
    }

    /** Sends one command line to the server and returns its answer line. */
    String command(String line) throws IOException {
        serverIn.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        serverIn.flush();
        String answer = serverOut.readLine();
        if (answer == null) {
            throw new IOException("the heap server ended on \"" + line + "\"");
        }
        return answer.trim();
    }

    /** This JVM's open file descriptors ({@code /proc/self/fd}); -1 off Linux. */
    static int openFds() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The soft limit on open files of this process ({@code /proc/self/limits}); -1 if unknown. */
    static long openFilesLimit() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/limits"), StandardCharsets.US_ASCII)) {
                if (l.startsWith("Max open files")) {
                    String soft = l.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot read the open files limit", e);
        }
        return -1;
    }

    /** Class name to {instances, bytes}, from {@code jcmd <this pid> GC.class_histogram}. */
    private static java.util.Map<String, long[]> classHistogram() throws IOException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        java.util.Map<String, long[]> classes = new java.util.HashMap<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jcmd.getInputStream(),
                StandardCharsets.UTF_8))) {
            String l;
            while ((l = out.readLine()) != null) {
                var m = line.matcher(l);
                if (m.matches()) {
                    classes.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                }
            }
        }
        try {
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
        } catch (InterruptedException e) {
            jcmd.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return classes;
    }

    /** Every class's growth per client: name to {bytes, instances}. */
    private static java.util.Map<String, double[]> perClient(java.util.Map<String, long[]> before,
                                                           java.util.Map<String, long[]> after, int n) {
        java.util.Map<String, double[]> grown = new java.util.HashMap<>();
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            grown.put(e.getKey(), new double[] {(e.getValue()[1] - b[1]) / (double) n, (e.getValue()[0] - b[0]) / (double) n});
        }
        return grown;
    }

    /**
     * The {@code top} classes by which {@code a}'s clients exceed {@code b}'s, per client:
     * "name +bytes B (+instances)".
     */
    static List<String> topDifference(java.util.Map<String, double[]> a, java.util.Map<String, double[]> b, int top) {
        java.util.Set<String> names = new java.util.HashSet<>(a.keySet());
        names.addAll(b.keySet());
        List<java.util.Map.Entry<String, double[]>> diff = new ArrayList<>();
        for (String name : names) {
            double[] x = a.getOrDefault(name, new double[2]);
            double[] y = b.getOrDefault(name, new double[2]);
            diff.add(java.util.Map.entry(name, new double[] {x[0] - y[0], x[1] - y[1]}));
        }
        diff.sort((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]));
        List<String> lines = new ArrayList<>();
        for (var e : diff.subList(0, Math.min(top, diff.size()))) {
            lines.add(String.format(java.util.Locale.ROOT, "%s %+.0f B (%+.2f)", e.getKey(), e.getValue()[0],
                    e.getValue()[1]));
        }
        return lines;
    }

    /** The {@code top} classes that grew most, per client: "name bytes B (instances)". */
    private static List<String> topPerClient(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after,
                                             int n, int top) {
        List<java.util.Map.Entry<String, long[]>> grown = new ArrayList<>();
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            grown.add(java.util.Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
        }
        grown.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        List<String> lines = new ArrayList<>();
        for (var e : grown.subList(0, Math.min(top, grown.size()))) {
            lines.add(String.format(java.util.Locale.ROOT, "%s %.0f B (%.2f)", e.getKey(),
                    e.getValue()[1] / (double) n, e.getValue()[0] / (double) n));
        }
        return lines;
    }

    /** Writes a class histogram of this JVM when {@link #HISTOGRAMS} names a folder. */
    private void histogram(String label) throws IOException {
        if (HISTOGRAMS == null) {
            return;
        }
        Path file = Path.of(HISTOGRAMS, String.format("%02d-%s.txt", ++measurement, label));
        Files.createDirectories(file.getParent());
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        try {
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
        } catch (InterruptedException e) {
            jcmd.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void drop() throws IOException {
        serverIn.write("drop\n".getBytes(StandardCharsets.US_ASCII));
        serverIn.flush();
        String line = serverOut.readLine();
        if (line == null || !line.startsWith("DROPPED ")) {
            throw new IOException("the heap server did not drop its connections: " + line);
        }
    }

    /**
     * Used heap after collections, repeated until two readings agree (at most {@value #MAX_GCS}).
     * Finalization runs between collections: SunJSSE's sockets still have a finalizer on Java 17
     * ({@code BaseSSLSocketImpl.finalize}), which keeps a closed socket and everything it reaches
     * alive until the finalizer thread gets to it; without this, the previous round's closed
     * clients would be counted in this round's baseline.
     */
    private long usedHeapAfterGc() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < MAX_GCS; i++) {
            System.gc();
            System.runFinalization();
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < STABLE_BYTES) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    @Override
    public void close() throws IOException {
        serverIn.close();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
