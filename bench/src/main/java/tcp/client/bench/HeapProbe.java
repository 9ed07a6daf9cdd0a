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
        List<String> command = ChildJvm.command(List.of("-Xmx512m", "-XX:+UseSerialGC"), HoldServer.class, args);
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
