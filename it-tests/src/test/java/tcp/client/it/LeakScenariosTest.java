package tcp.client.it;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Blackhole;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.Fds;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/**
 * Section T, leaks: after many connects, failed connects and close races, the JVM's open file
 * descriptors and live threads are back where they started.
 *
 * <p>Tolerance: {@value #FD_TOLERANCE} descriptors (a jar or a random source opened lazily) and
 * {@value #THREAD_TOLERANCE} threads (JDK helpers such as the common pool or a reference handler),
 * waited for at most {@link #SETTLE}: the SDK's pool threads end after about 3 idle seconds and the
 * test server's connection threads end when they see the client's close. A leak of one descriptor
 * or thread per cycle would be hundreds over the tolerance.
 */
@Timeout(60)
class LeakScenariosTest {
    private static final int FD_TOLERANCE = 10;
    private static final int THREAD_TOLERANCE = 4;
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final int WARM_UP = 20;
    private static final int CYCLES = 5_000;
    /**
     * CS-161's 5,000 cycles are the plain ones; the TLS variant does a fifth as many, since 5,000
     * handshakes per transport would take minutes on 2 cores, and a leak per handshake would still
     * be a hundred times the tolerance.
     */
    private static final int TLS_CYCLES = 1_000;
    private static final int REFUSED = 600;
    private static final int TIMED_OUT = 100;
    private static final int BAD_CERTIFICATE = 300;
    private static final Duration SHORT_CONNECT = Duration.ofMillis(30);
    private static final int RACES = 1_000;
    private static final Duration RACE_LIMIT = Duration.ofSeconds(5);

    private static ProbeApps apps;

    @BeforeAll
    static void compileHoldingServer(@TempDir Path dir) throws IOException {
        apps = ProbeApps.compile(dir.resolve("probe"));
    }

    @TransportTest
    @Timeout(value = 120, unit = SECONDS)
    void cs161_5000PlainConnectCloseCyclesOnOneClientLeakNoDescriptorOrThread(String transport) throws Exception {
        // The server runs in its own JVM: its sockets stay out of this JVM's count, and its deep
        // accept queue keeps a fast loop free of SYN retransmissions.
        try (HoldingServerProcess server = HoldingServerProcess.start(apps);
             ClientTCP client = Tck.client(transport, server.address())) {
            Cycles cycles = new Cycles(client, transport + " plain");
            cycles.run(WARM_UP);
            Baseline baseline = Baseline.now();

            long millis = cycles.run(CYCLES);

            int all = WARM_UP + CYCLES;
            HoldingServerProcess.Stats end = server.awaitStats(s -> s.accepted() == all && s.open() == 0, SETTLE);
            assertEquals(all, end.eof(), () -> "connections that ended with the client's FIN: " + end);
            baseline.assertBack(transport + " plain: after " + CYCLES + " connect/close cycles");
            System.out.printf("CS-161 %s plain: %d cycles in %d ms%n", transport, CYCLES, millis);
        }
    }

    @TransportTest
    @Timeout(value = 120, unit = SECONDS)
    void cs161_1000TlsConnectCloseCyclesOnOneClientLeakNoDescriptorOrThread(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            Cycles cycles = new Cycles(client, transport + " TLS");
            cycles.run(WARM_UP);
            assertTrue(server.awaitOpenConnections(0, SETTLE), "warm-up connections ended");
            Baseline baseline = Baseline.now();

            long millis = cycles.run(TLS_CYCLES);

            assertTrue(server.awaitOpenConnections(0, SETTLE), "server saw every close");
            baseline.assertBack(transport + " TLS: after " + TLS_CYCLES + " connect/close cycles");
            System.out.printf("CS-161 %s TLS: %d cycles in %d ms%n", transport, TLS_CYCLES, millis);
        }
    }

    @TransportTest
    @Timeout(value = 90, unit = SECONDS)
    void cs162_1000FailedConnectsRefusedTimedOutOrBadCertificateLeakNothing(String transport) throws Exception {
        Identity untrusted = TestPki.shared().leaf("localhost").dns("localhost").ip("127.0.0.1")
                .fromUntrustedRoot().issue();
        try (Blackhole hole = Blackhole.open();
             TestServer badCertificate = TestServer.tls(Behaviour.ECHO,
                     TlsServerOptions.builder().identity(untrusted).build());
             ClientTCP refusedClient = Tck.client(transport, DeadPort.reserve().address());
             ClientTCP timedOutClient = Tck.client(transport, hole.address());
             ClientTCP badCertificateClient = Tck.tlsClient(transport, badCertificate.address())) {
            FailedConnects refused = () -> expectFailure(refusedClient, Tck.CONNECT, ConnectException.class);
            FailedConnects timedOut = () -> expectFailure(timedOutClient, SHORT_CONNECT, SocketTimeoutException.class);
            FailedConnects rejected = () -> expectFailure(badCertificateClient, Tck.CONNECT, SSLException.class);
            for (int i = 0; i < 5; i++) {
                refused.once();
                timedOut.once();
                rejected.once();
            }
            assertTrue(badCertificate.awaitOpenConnections(0, SETTLE), "bad-certificate connections ended");
            Baseline baseline = Baseline.now();

            long start = System.nanoTime();
            for (int i = 0; i < REFUSED; i++) {
                refused.once();
            }
            for (int i = 0; i < TIMED_OUT; i++) {
                timedOut.once();
            }
            for (int i = 0; i < BAD_CERTIFICATE; i++) {
                rejected.once();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(badCertificate.awaitOpenConnections(0, SETTLE), "bad-certificate connections ended");
            baseline.assertBack(transport + ": after " + (REFUSED + TIMED_OUT + BAD_CERTIFICATE) + " failed connects");
            System.out.printf("CS-162 %s: %d refused, %d timed out, %d bad certificate in %d ms%n", transport, REFUSED,
                    TIMED_OUT, BAD_CERTIFICATE, millis);
        }
    }

    @TransportTest
    @Timeout(value = 120, unit = SECONDS)
    void cs164_plainCloseRacingReadAndWrite1000TimesNeverDeadlocksAndThrowsOnlyIoException(String transport)
            throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            assertCloseRacesAreClean(Tck.client(transport, server.address()), server, transport + " plain");
        }
    }

    @TransportTest
    @Timeout(value = 120, unit = SECONDS)
    void cs164_tlsCloseRacingReadAndWrite1000TimesNeverDeadlocksAndThrowsOnlyIoException(String transport)
            throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            assertCloseRacesAreClean(Tck.tlsClient(transport, server.address()), server, transport + " TLS");
        }
    }

    /** Connect/close cycles on one client, each checked with isConnected(). */
    private record Cycles(ClientTCP client, String what) {
        /** Runs {@code count} cycles; returns how long they took, in milliseconds. */
        long run(int count) throws IOException {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                client.connect(Tck.CONNECT);
                if (!client.isConnected()) {
                    fail(what + ": not connected after connect #" + (i + 1));
                }
                client.close();
                if (client.isConnected()) {
                    fail(what + ": still connected after close #" + (i + 1));
                }
            }
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static void assertCloseRacesAreClean(ClientTCP client, TestServer server, String what) throws Exception {
        int closeFailures = 0;
        long millis;
        Baseline baseline;
        try (client) {
            ExecutorService warmUpThreads = Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < WARM_UP; i++) {
                    race(client, warmUpThreads, i, what + " warm-up");
                }
            } finally {
                warmUpThreads.shutdownNow();
                assertTrue(warmUpThreads.awaitTermination(10, SECONDS), "warm-up race threads ended");
            }
            assertTrue(server.awaitOpenConnections(0, SETTLE), "warm-up connections ended");
            baseline = Baseline.now();

            ExecutorService threads = Executors.newFixedThreadPool(2);
            long start = System.nanoTime();
            try {
                for (int i = 0; i < RACES; i++) {
                    closeFailures += race(client, threads, i, what) ? 0 : 1;
                }
            } finally {
                threads.shutdownNow();
                assertTrue(threads.awaitTermination(10, SECONDS), "race threads ended");
            }
            millis = (System.nanoTime() - start) / 1_000_000;
        }
        assertTrue(server.awaitOpenConnections(0, SETTLE), "server saw every close");
        baseline.assertBack(what + ": after " + RACES + " close races");
        System.out.printf("CS-164 %s: %d races in %d ms, close() threw an IOException %d times%n", what, RACES, millis,
                closeFailures);
    }

    /**
     * One race: a reader and a writer run on the connection while this thread closes it, at once,
     * after the first write, or after the first echoed read (by iteration). Each side may end
     * normally (a read of -1) or with an IOException, and must end within {@link #RACE_LIMIT}.
     *
     * @return whether close() returned normally (an IOException from it is allowed and counted)
     */
    private static boolean race(ClientTCP client, ExecutorService threads, int iteration, String what) throws Exception {
        client.connect(Tck.CONNECT);
        CountDownLatch wrote = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Future<?> reader = threads.submit(() -> {
            byte[] buffer = new byte[8192];
            for (int i = 0; i < 100_000; i++) {
                if (client.read(buffer) < 0) {
                    return null;
                }
                read.countDown();
            }
            return null;
        });
        Future<?> writer = threads.submit(() -> {
            byte[] chunk = new byte[8192];
            for (int i = 0; i < 100_000; i++) {
                client.write(chunk);
                wrote.countDown();
            }
            return null;
        });
        switch (iteration % 3) {
            case 1 -> wrote.await(RACE_LIMIT.toMillis(), MILLISECONDS);
            case 2 -> read.await(RACE_LIMIT.toMillis(), MILLISECONDS);
            default -> {
                // close at once
            }
        }
        boolean closed = true;
        try {
            client.close();
        } catch (IOException e) {
            closed = false;
        }
        assertEndsWithIoExceptionAtMost(reader, "read()", iteration, what);
        assertEndsWithIoExceptionAtMost(writer, "write()", iteration, what);
        assertFalse(client.isConnected(), what + ": connected after close in race #" + (iteration + 1));
        return closed;
    }

    private static void assertEndsWithIoExceptionAtMost(Future<?> call, String name, int iteration, String what)
            throws InterruptedException {
        try {
            call.get(RACE_LIMIT.toMillis(), MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            fail(what + ": " + name + " still blocked " + RACE_LIMIT.toMillis() + " ms after close() in race #"
                    + (iteration + 1) + " (deadlock?)");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof IOException)) {
                throw new AssertionError(what + ": " + name + " racing close() threw " + e.getCause() + " in race #"
                        + (iteration + 1) + "; only IOException is allowed", e.getCause());
            }
        }
    }

    private static void expectFailure(ClientTCP client, Duration timeout, Class<? extends IOException> expected) {
        try {
            client.connect(timeout);
            fail("connect to " + client + " succeeded; expected " + expected.getSimpleName());
        } catch (IOException e) {
            if (!expected.isInstance(e)) {
                throw new AssertionError("expected " + expected.getName() + ", got " + e, e);
            }
        }
        assertFalse(client.isConnected(), "connected after a failed connect");
    }

    @FunctionalInterface
    private interface FailedConnects {
        void once();
    }

    /** Open descriptors and live threads at a moment, and the check that they come back. */
    private record Baseline(long fds, int threads) {
        static Baseline now() {
            return new Baseline(Fds.openFileDescriptors(), Fds.liveThreads());
        }

        void assertBack(String what) {
            if (fds >= 0) {
                assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, fds + FD_TOLERANCE, SETTLE),
                        () -> what + ": open descriptors " + Fds.openFileDescriptors() + ", at the start " + fds
                                + " (tolerance " + FD_TOLERANCE + "); now open by kind: " + descriptorKinds());
            }
            assertTrue(Fds.awaitAtMost(Fds::liveThreads, threads + THREAD_TOLERANCE, SETTLE),
                    () -> what + ": live threads " + Fds.liveThreads() + ", at the start " + threads + " (tolerance "
                            + THREAD_TOLERANCE + ")" + threadNames());
        }

        /** How many open descriptors point at each kind of thing: {@code pipe}, {@code socket}, {@code file}, ... */
        private static Map<String, Long> descriptorKinds() {
            Map<String, Long> kinds = new TreeMap<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                fds.forEach(fd -> {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        kinds.merge(target.startsWith("/") ? "file" : target.replaceAll(":.*", ""), 1L, Long::sum);
                    } catch (IOException gone) {
                        kinds.merge("(closed while listing)", 1L, Long::sum);
                    }
                });
            } catch (IOException e) {
                kinds.put("cannot list /proc/self/fd: " + e, 0L);
            }
            return kinds;
        }

        private static String threadNames() {
            return "\n" + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
        }
    }
}
