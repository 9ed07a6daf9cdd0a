package tcp.client.it;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.NotConnectedException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.Fds;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/**
 * Section T, load: virtual threads (CS-165), a user's callback executor (CS-166) and 10,000 idle
 * clients (CS-167).
 */
@Timeout(60)
class LoadScenariosTest {
    private static final int VIRTUAL_CLIENTS = 1_000;
    private static final int VIRTUAL_ROUND_TRIPS = 5;
    private static final Duration VIRTUAL_DEADLINE = Duration.ofSeconds(90);
    private static final int IDLE_CLIENTS = 10_000;
    /** Descriptors beyond the idle clients' that this JVM may need meanwhile. */
    private static final int FD_HEADROOM = 500;
    private static final Duration STEP = Duration.ofSeconds(30);

    private static ProbeApps apps;

    @BeforeAll
    static void compileHoldingServer(@TempDir Path dir) throws IOException {
        apps = ProbeApps.compile(dir.resolve("probe"));
    }

    @TransportTest
    @Timeout(value = 120, unit = SECONDS)
    void cs165_1000VirtualThreadsEachWithAPlainClientEchoWithinADeadline(String transport) throws Exception {
        assumeVirtualThreads();
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            assertVirtualThreadsEcho(() -> Tck.client(transport, server.address()), transport + " plain");
        }
    }

    @TransportTest
    @Timeout(value = 120, unit = SECONDS)
    void cs165_1000VirtualThreadsEachWithATlsClientEchoWithinADeadline(String transport) throws Exception {
        assumeVirtualThreads();
        // 1,000 handshakes at once on 2 cores: the server's and the clients' handshake limits are
        // raised from 10 s so that only the scenario's deadline decides.
        try (TestServer server = TestServer.tls(Behaviour.ECHO,
                TlsServerOptions.builder().handshakeTimeout(VIRTUAL_DEADLINE).build())) {
            assertVirtualThreadsEcho(() -> Tck.builder(transport, server.address()).tls(Tck.trustTestRoot(), "")
                    .handshakeTimeout(VIRTUAL_DEADLINE).build(), transport + " TLS");
        }
    }

    @TransportTest
    void cs166_aUserCallbackExecutorRunsEveryCallbackAndNoneOnTheIoThread(String transport) throws Exception {
        try (TestServer plain = TestServer.plain(Behaviour.ECHO); TestServer tls = TestServer.tls(Behaviour.ECHO)) {
            assertCallbacksOnUserExecutor(Tck.builder(transport, plain.address()), "plain", true);
            assertCallbacksOnUserExecutor(Tck.builder(transport, tls.address()).tls(Tck.trustTestRoot(), ""), "TLS",
                    true);
            assertCallbacksOnUserExecutor(Tck.builder(transport, DeadPort.reserve().address()), "refused", false);
        }
    }

    @TransportTest
    @Timeout(value = 180, unit = SECONDS)
    void cs167_10000IdlePlainClientsStayConnectedAndAllCloseCleanly(String transport) throws Exception {
        long limit = openFilesSoftLimit();
        long needed = IDLE_CLIENTS + Fds.openFileDescriptors() + FD_HEADROOM;
        // CONFORMANCE.md: skip with the reason when the OS refuses. A JVM cannot raise its own
        // limit (Java has no setrlimit); the server side lives in another JVM, so only the
        // clients' descriptors count here.
        assumeTrue(limit >= needed, "CS-167 needs " + needed + " open files in this JVM; the soft limit is " + limit
                + " (raise it with ulimit -n before running the suite)");

        try (HoldingServerProcess server = HoldingServerProcess.start(apps)) {
            List<ClientTCP> clients = new ArrayList<>(IDLE_CLIENTS);
            try {
                long start = System.nanoTime();
                for (int i = 0; i < IDLE_CLIENTS; i++) {
                    ClientTCP client = Tck.client(transport, server.address());
                    clients.add(client);
                    client.connect(Duration.ofSeconds(10));
                }
                long connected = System.nanoTime();
                server.awaitStats(s -> s.accepted() == IDLE_CLIENTS && s.open() == IDLE_CLIENTS, STEP);
                // Idle: a bounded wait on a latch nobody counts down.
                new CountDownLatch(1).await(1, SECONDS);

                byte[] ping = {42};
                for (int i = 0; i < IDLE_CLIENTS; i++) {
                    ClientTCP client = clients.get(i);
                    assertTrue(client.isConnected(), "client #" + (i + 1) + " connected after idling");
                    EchoRoundTrip.assertEchoes(client, ping);
                }
                long echoed = System.nanoTime();
                for (ClientTCP client : clients) {
                    client.close();
                }
                long closed = System.nanoTime();
                HoldingServerProcess.Stats end = server.awaitStats(s -> s.open() == 0, STEP);
                assertEquals(IDLE_CLIENTS, end.eof(), () -> "connections that ended with a FIN: " + end);
                assertEquals(0, end.reset(), () -> "connections that ended with an error (reset): " + end);
                System.out.printf("CS-167 %s: %d clients connected in %d ms, echoed in %d ms, closed in %d ms%n",
                        transport, IDLE_CLIENTS, (connected - start) / 1_000_000, (echoed - connected) / 1_000_000,
                        (closed - echoed) / 1_000_000);
            } finally {
                for (ClientTCP client : clients) {
                    client.close();
                }
            }
        }
    }

    private static void assumeVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21,
                "[ENV: Java 21+] CS-165 needs virtual threads; this JVM is Java " + Runtime.version());
    }

    private static void assertVirtualThreadsEcho(Supplier<ClientTCP> clients, String what) throws Exception {
        // The suite compiles for Java 17, so the Java 21 factory is looked up by name.
        ExecutorService virtualThreads =
                (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        long start = System.nanoTime();
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int c = 0; c < VIRTUAL_CLIENTS; c++) {
                byte[] message = ("virtual client " + c + "\n").getBytes(StandardCharsets.US_ASCII);
                results.add(virtualThreads.submit(() -> {
                    try (ClientTCP client = clients.get()) {
                        client.connect(VIRTUAL_DEADLINE);
                        for (int round = 0; round < VIRTUAL_ROUND_TRIPS; round++) {
                            EchoRoundTrip.assertEchoes(client, message);
                        }
                    }
                    return null;
                }));
            }
            long deadline = start + VIRTUAL_DEADLINE.toNanos();
            for (Future<Void> result : results) {
                result.get(Math.max(1, deadline - System.nanoTime()), NANOSECONDS);
            }
        } finally {
            virtualThreads.shutdownNow();
            assertTrue(virtualThreads.awaitTermination(10, SECONDS), "virtual threads ended");
        }
        System.out.printf("CS-165 %s: %d virtual threads x %d round trips in %d ms%n", what, VIRTUAL_CLIENTS,
                VIRTUAL_ROUND_TRIPS, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Connects, writes from one thread and reads from another, reads after close (an error), and
     * checks that every callback ran on the user's executor and none on a thread that did I/O. A
     * client of a dead port ({@code connects} false) only dials and fails.
     */
    private static void assertCallbacksOnUserExecutor(ClientTCP.Builder builder, String what, boolean connects)
            throws Exception {
        Set<Thread> executorThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cs166-user-callbacks");
            t.setDaemon(true);
            executorThreads.add(t);
            return t;
        });
        Executor counting = task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        };
        Set<Thread> ioThreads = ConcurrentHashMap.newKeySet();
        ioThreads.add(Thread.currentThread());
        ExecutorService io = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cs166-io");
            ioThreads.add(t);
            return t;
        });
        // Not try-with-resources: the scenario itself closes the client, then reads from it.
        ClientTCP client = builder.callbackExecutor(counting).build();
        try {
            EventRecorder rec = EventRecorder.on(client);
            if (!connects) {
                assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT));
            } else {
                client.connect(Tck.CONNECT);
                byte[] message = "callbacks\n".getBytes(StandardCharsets.US_ASCII);
                Future<?> wrote = io.submit(() -> client.write(message));
                Future<byte[]> read = io.submit(() -> Tck.readExactly(client, message.length));
                wrote.get(5, SECONDS);
                assertEquals(new String(message, StandardCharsets.US_ASCII),
                        new String(read.get(5, SECONDS), StandardCharsets.US_ASCII));
                client.close();
                assertThrows(NotConnectedException.class, () -> client.read(new byte[1]));
                assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), () -> what + ": " + rec.sequence());
                for (ConnState state : List.of(ConnState.DIAL, ConnState.NEW, ConnState.WRITE, ConnState.READ)) {
                    assertTrue(rec.states().contains(state), () -> what + ": " + state + " in " + rec.sequence());
                }
            }
            // One error either way: the refused connect, or the read after close.
            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), () -> what + ": " + rec.sequence());

            assertFalse(rec.events().isEmpty(), what);
            assertTrue(tasks.get() > 0, what + ": the user's executor received no task");
            for (EventRecorder.Event event : rec.events()) {
                assertTrue(executorThreads.contains(event.thread()),
                        () -> what + ": " + event + " ran on " + event.thread().getName() + ", not the user's executor");
                assertFalse(ioThreads.contains(event.thread()),
                        () -> what + ": " + event + " ran on the I/O thread " + event.thread().getName());
            }
        } finally {
            client.close();
            io.shutdownNow();
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, SECONDS), "user executor drained");
        }
    }

    /** The soft limit of open files of this process, from /proc/self/limits, or Long.MAX_VALUE. */
    private static long openFilesSoftLimit() throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!Files.isReadable(limits)) {
            return Long.MAX_VALUE;
        }
        Matcher m = Pattern.compile("^Max open files\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(Files.readString(limits, StandardCharsets.US_ASCII));
        if (!m.find() || m.group(1).equals("unlimited")) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(m.group(1));
    }
}
