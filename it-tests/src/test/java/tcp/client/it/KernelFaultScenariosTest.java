package tcp.client.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.CloseReason;
import tcp.client.api.ConnState;
import tcp.client.api.ReconnectPolicy;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Fds;
import tcp.client.testkit.PacketFilter;
import tcp.client.testkit.TestServer;

/**
 * CONFORMANCE.md, kernel faults (CS-196 to CS-202), on every transport, plain and TLS: a
 * {@link PacketFilter} (an iptables rule on the test server's port, removed when the scenario ends)
 * makes the path silent, lossy or resetting under an established connection.
 *
 * <p>All servers are {@link Behaviour#ECHO} on 127.0.0.1; every rule matches the server's port P
 * only: {@code --sport P} for what the server sends (INPUT sees both directions on loopback),
 * {@code --dport P} for what the client sends.
 */
@Timeout(60)
class KernelFaultScenariosTest {
    private static final int KIB = 1 << 10;
    /** The vanished-peer budget: keep-alive 1 s idle + 2 probes 1 s apart = 3 s, plus slack. */
    private static final Duration KEEPALIVE_GIVES_UP = Duration.ofSeconds(8);
    private static final Duration UNBLOCKED = Duration.ofSeconds(2);
    private static final Duration BACK = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final int FD_TOLERANCE = 10;
    private static final int SOCKET_TOLERANCE = 1;
    private static final int THREAD_TOLERANCE = 4;
    private static final TlsConfig TRUST = Tck.trustTestRoot();
    private static final ReconnectPolicy QUICK = ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(200));

    // ---- CS-196 ----

    @TransportTest
    void cs196_keepAliveSettingsReachTheSocket(String transport) throws Exception {
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             TestServer tls = TestServer.tls(Behaviour.ECHO)) {
            for (TestServer server : List.of(plain, tls)) {
                try (ClientTCP client = builder(transport, server)
                        .keepAlive(Duration.ofSeconds(7), Duration.ofSeconds(3), 4).build()) {
                    client.connect(Tck.CONNECT);
                    assertKeepAlive(client, true, 7, 3, 4, server + ", keepAlive(7 s, 3 s, 4)");
                    assertEchoes(client, "set\n");
                }
                try (ClientTCP client = builder(transport, server).build()) {
                    client.connect(Tck.CONNECT);
                    assertKeepAlive(client, true, 300, 15, 9, server + ", default");
                }
                try (ClientTCP client = builder(transport, server)
                        .keepAlive(Duration.ofMillis(1500), Duration.ofMillis(200), 1).build()) {
                    client.connect(Tck.CONNECT);
                    // Whole seconds, at least one.
                    assertKeepAlive(client, true, 1, 1, 1, server + ", keepAlive(1.5 s, 200 ms, 1)");
                }
                try (ClientTCP client = builder(transport, server).keepAlive(Duration.ZERO).build()) {
                    client.connect(Tck.CONNECT);
                    assertEquals(Optional.of(false), client.socketOption(StandardSocketOptions.SO_KEEPALIVE),
                            server + ", keepAlive(0): SO_KEEPALIVE");
                }
            }
        }
    }

    // ---- CS-197 ----

    @TransportTest
    void cs197_vanishedPeerEndsABlockedReadThroughKeepAlive(String transport) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = builder(transport, server)
                     .keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 2).build()) {
            EventRecorder rec = EventRecorder.on(client);
            client.connect(Tck.CONNECT);
            assertEchoes(client, "alive\n");
            try (PacketFilter vanished = silence(server)) {
                long start = System.nanoTime();
                Future<Integer> read = reader.submit(() -> client.read(new byte[16]));
                IOException e = assertFailsWithin(read, KEEPALIVE_GIVES_UP, "a read from a vanished peer");
                long millis = NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis >= 2000, "keep-alive (1 s + 2 x 1 s) gave up after only " + millis + " ms: " + e);
                assertFalse(e instanceof SocketTimeoutException, "no read timeout is set: " + e);
                assertTrue(rec.await(l -> l.stream().anyMatch(ev -> ev.error() == e), EventRecorder.EVENTUALLY),
                        rec::sequence);
                // Without a reconnect policy the connection is held until close().
                assertTrue(client.isConnected());
                assertEquals(Optional.empty(), client.closeReason(), "no reason while connected");
                client.close();
                assertEquals(Optional.of(CloseReason.TIMEOUT), client.closeReason(), () -> "after " + e);
                System.out.printf("CS-197 %s plain: keep-alive ended the read after %d ms: %s%n", transport, millis, e);
            }
        } finally {
            stop(reader);
        }
    }

    @TransportTest
    void cs197_vanishedTlsPeerIsReportedAsTimeoutAndRedialed(String transport) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = builder(transport, server)
                     .keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 2)
                     .connectTimeout(Duration.ofSeconds(1))
                     .reconnect(QUICK).build()) {
            client.connect(Tck.CONNECT);
            assertEchoes(client, "alive\n");
            long millis;
            IOException e;
            try (PacketFilter vanished = silence(server)) {
                long start = System.nanoTime();
                Future<Integer> read = reader.submit(() -> client.read(new byte[16]));
                e = assertFailsWithin(read, KEEPALIVE_GIVES_UP, "a TLS read from a vanished peer");
                millis = NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis >= 2000, "keep-alive (1 s + 2 x 1 s) gave up after only " + millis + " ms: " + e);
                // With a policy the client lets go at once, and says why while it redials.
                assertFalse(client.isConnected());
                assertEquals(Optional.of(CloseReason.TIMEOUT), client.closeReason(), () -> "after " + e);
            }
            // The path is back: a reconnection gets through.
            assertTrue(client.awaitConnected(BACK), "no reconnection within " + BACK);
            assertEquals(Optional.empty(), client.closeReason());
            assertTrue(client.tlsSession().isPresent());
            assertEchoes(client, "back\n");
            System.out.printf("CS-197 %s TLS: keep-alive ended the read after %d ms: %s%n", transport, millis, e);
        } finally {
            stop(reader);
        }
    }

    // ---- CS-198 ----

    @TransportTest
    void cs198_plainFullDuplexSurvivesFivePercentLossBothWays(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            assertLossyTransfer(transport, server);
        }
    }

    @TransportTest
    void cs198_tlsFullDuplexSurvivesFivePercentLossBothWays(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            assertLossyTransfer(transport, server);
        }
    }

    private static void assertLossyTransfer(String transport, TestServer server) throws Exception {
        final int total = 2 * KIB * KIB;
        // Small writes (TCP_NODELAY is on) make hundreds of segments each way, so some are lost.
        final int chunk = KIB;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (ClientTCP client = builder(transport, server).readTimeout(Duration.ofSeconds(10)).build()) {
            client.connect(Tck.CONNECT);
            String port = Integer.toString(server.port());
            try (PacketFilter toServer = PacketFilter.ipv4("INPUT", "-p", "tcp", "--dport", port,
                    "-m", "statistic", "--mode", "random", "--probability", "0.05", "-j", "DROP");
                 PacketFilter toClient = PacketFilter.ipv4("INPUT", "-p", "tcp", "--sport", port,
                         "-m", "statistic", "--mode", "random", "--probability", "0.05", "-j", "DROP")) {
                long start = System.nanoTime();
                Future<byte[]> written = threads.submit(() -> {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    Random random = new Random(server.port());
                    byte[] data = new byte[chunk];
                    for (int sent = 0; sent < total; sent += chunk) {
                        random.nextBytes(data);
                        sha.update(data);
                        client.write(data);
                    }
                    return sha.digest();
                });
                Future<byte[]> read = threads.submit(() -> {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] buffer = new byte[chunk];
                    int got = 0;
                    for (int calls = 0; got < total && calls < total; calls++) {
                        int n = client.read(buffer, 0, Math.min(buffer.length, total - got));
                        if (n < 0) {
                            throw new IOException("end of stream after " + got + " of " + total + " bytes");
                        }
                        sha.update(buffer, 0, n);
                        got += n;
                    }
                    return sha.digest();
                });
                byte[] sent = written.get(30, SECONDS);
                byte[] received = read.get(30, SECONDS);
                long millis = NANOSECONDS.toMillis(System.nanoTime() - start);
                assertArrayEquals(sent, received, server + ": SHA-256 of the echo differs from what was sent");
                long dropped = droppedBy(port);
                assertTrue(dropped > 0, "the loss rules dropped nothing: no loss was tested");
                System.out.printf("CS-198 %s %s: 2 MiB each way under 5%% loss in %d ms, %d packets dropped%n",
                        transport, server.isTls() ? "TLS" : "plain", millis, dropped);
            }
        } finally {
            stop(threads);
        }
    }

    // ---- CS-199 ----

    @TransportTest
    void cs199_kernelResetEndsABlockedReadWithAnException(String transport) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             TestServer tls = TestServer.tls(Behaviour.ECHO)) {
            for (TestServer server : List.of(plain, tls)) {
                try (ClientTCP client = builder(transport, server).build()) {
                    EventRecorder rec = EventRecorder.on(client);
                    client.connect(Tck.CONNECT);
                    assertEchoes(client, "before\n");
                    Future<Integer> read = startBlockedRead(client, rec, reader);
                    try (PacketFilter resets = PacketFilter.ipv4("INPUT", "-p", "tcp",
                            "--dport", Integer.toString(server.port()), "-j", "REJECT", "--reject-with", "tcp-reset")) {
                        // The byte never reaches the server: the kernel answers it with a reset.
                        assertEquals(1, client.write(new byte[] {'x'}), server.toString());
                        IOException e = assertFailsWithin(read, UNBLOCKED, server + ": a read under a reset");
                        assertTrue(rec.await(l -> l.stream().anyMatch(ev -> ev.error() == e), EventRecorder.EVENTUALLY),
                                rec::sequence);
                        client.close();
                        assertEquals(Optional.of(CloseReason.RESET), client.closeReason(), () -> server + ": after " + e);
                        System.out.printf("CS-199 %s %s: %s%n", transport, server.isTls() ? "TLS" : "plain", e);
                    }
                }
            }
        } finally {
            stop(reader);
        }
    }

    // ---- CS-200 ----

    @TransportTest
    void cs200_readTimeoutUnderASilentPathLeavesTheConnectionUsable(String transport) throws Exception {
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             TestServer tls = TestServer.tls(Behaviour.ECHO)) {
            for (TestServer server : List.of(plain, tls)) {
                try (ClientTCP client = builder(transport, server).readTimeout(Duration.ofMillis(300)).build()) {
                    client.connect(Tck.CONNECT);
                    assertEchoes(client, "before\n");
                    try (PacketFilter silent = silence(server)) {
                        // The server gets this and echoes it, but the echo is dropped on the way back.
                        client.write("lost\n".getBytes(US_ASCII));
                        for (int i = 0; i < 2; i++) {
                            long start = System.nanoTime();
                            assertThrows(SocketTimeoutException.class, () -> client.read(new byte[16]), server.toString());
                            long millis = NANOSECONDS.toMillis(System.nanoTime() - start);
                            assertTrue(millis >= 250 && millis < 1500, server + ": timed out after " + millis + " ms");
                        }
                        assertTrue(client.isConnected());
                        assertEquals(Optional.empty(), client.closeReason(), server.toString());
                    }
                    // The path is back: the server's retransmission delivers the held-up echo.
                    assertEquals("lost\n", readPatiently(client, 5, BACK), server.toString());
                    assertEchoes(client, "after\n");
                    client.close();
                    // A read succeeded after the timeouts: the application's close is the reason.
                    assertEquals(Optional.of(CloseReason.LOCAL), client.closeReason(), server.toString());
                }
            }
        }
    }

    // ---- CS-201 ----

    @TransportTest
    void cs201_closeUnblocksAWriterStuckOnAnUnacknowledgedPath(String transport) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             TestServer tls = TestServer.tls(Behaviour.ECHO)) {
            for (TestServer server : List.of(plain, tls)) {
                try (ClientTCP client = builder(transport, server).build()) {
                    client.connect(Tck.CONNECT);
                    assertEchoes(client, "before\n");
                    try (PacketFilter silent = silence(server)) {
                        Future<?> writer = startStuckWriter(client, threads);
                        long start = System.nanoTime();
                        Future<?> closing = threads.submit(() -> {
                            client.close();
                            return null;
                        });
                        closing.get(UNBLOCKED.toMillis(), MILLISECONDS);
                        IOException e = assertFailsWithin(writer, UNBLOCKED, server + ": a write stuck when close() ran");
                        long millis = NANOSECONDS.toMillis(System.nanoTime() - start);
                        assertFalse(client.isConnected());
                        assertEquals(Optional.of(CloseReason.LOCAL), client.closeReason(), () -> server + ": after " + e);
                        System.out.printf("CS-201 %s %s: close and the writer's %s after %d ms%n", transport,
                                server.isTls() ? "TLS" : "plain", e.getClass().getSimpleName(), millis);
                    }
                }
            }
        } finally {
            stop(threads);
        }
    }

    // ---- CS-202 ----

    @TransportTest
    void cs202_kernelFaultsLeaveNoDescriptorOrThreadBehind(String transport) throws Exception {
        // Warm-up: classes, the SDK's pools, the process reaper of iptables.
        faultRound(transport, 1, false);
        long sockets = Fds.openSockets();
        long fds = Fds.openFileDescriptors();
        int threads = Fds.liveThreads();

        long start = System.nanoTime();
        faultRound(transport, 4, true);
        long millis = NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(Fds.awaitAtMost(Fds::openSockets, sockets + SOCKET_TOLERANCE, SETTLE),
                () -> "open sockets " + Fds.openSockets() + ", before the faults " + sockets);
        assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, fds + FD_TOLERANCE, SETTLE),
                () -> "open descriptors " + Fds.openFileDescriptors() + ", before the faults " + fds + "; now: "
                        + descriptors());
        assertTrue(Fds.awaitAtMost(Fds::liveThreads, threads + THREAD_TOLERANCE, SETTLE),
                () -> "live threads " + Fds.liveThreads() + ", before the faults " + threads + "\n"
                        + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
        System.out.printf("CS-202 %s: fault round in %d ms%n", transport, millis);
    }

    /**
     * {@code perKind} plain and as many TLS clients per fault: a kernel reset under a blocked read,
     * a read timeout under a silent path, a writer stuck under a silent path and closed, and (with
     * {@code vanish}) a peer gone silent under keep-alive. Everything it opens is closed on return.
     */
    private static void faultRound(String transport, int perKind, boolean vanish) throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        List<ClientTCP> clients = new ArrayList<>();
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             TestServer tls = TestServer.tls(Behaviour.ECHO)) {
            List<TestServer> servers = List.of(plain, tls);
            // Resets.
            List<Future<Integer>> reads = new ArrayList<>();
            for (TestServer server : servers) {
                for (int i = 0; i < perKind; i++) {
                    ClientTCP client = connected(clients, builder(transport, server));
                    reads.add(startBlockedRead(client, EventRecorder.on(client), threads));
                }
            }
            try (PacketFilter p = reject(plain); PacketFilter t = reject(tls)) {
                for (ClientTCP client : clients) {
                    client.write(new byte[] {'x'});
                }
                for (Future<Integer> read : reads) {
                    assertFailsWithin(read, UNBLOCKED, "a read under a reset");
                }
            }
            closeAll(clients);

            // Read timeouts.
            for (TestServer server : servers) {
                for (int i = 0; i < perKind; i++) {
                    connected(clients, builder(transport, server).readTimeout(Duration.ofMillis(200)));
                }
            }
            try (PacketFilter p = silence(plain); PacketFilter t = silence(tls)) {
                List<Future<Integer>> timedOut = new ArrayList<>();
                for (ClientTCP client : clients) {
                    client.write("lost\n".getBytes(US_ASCII));
                    timedOut.add(threads.submit(() -> client.read(new byte[16])));
                }
                for (Future<Integer> read : timedOut) {
                    assertInstanceOf(SocketTimeoutException.class, assertFailsWithin(read, UNBLOCKED, "a read timeout"));
                }
            }
            closeAll(clients);

            // Stuck writers, closed.
            List<Future<?>> writers = new ArrayList<>();
            for (TestServer server : servers) {
                for (int i = 0; i < perKind; i++) {
                    connected(clients, builder(transport, server));
                }
            }
            try (PacketFilter p = silence(plain); PacketFilter t = silence(tls)) {
                for (ClientTCP client : clients) {
                    writers.add(startWriter(client, threads));
                }
                assertStuck(writers);
                closeAll(clients);
                for (Future<?> writer : writers) {
                    assertFailsWithin(writer, UNBLOCKED, "a stuck write after close()");
                }
            }

            // Vanished peers, all at once.
            if (vanish) {
                reads.clear();
                for (TestServer server : servers) {
                    for (int i = 0; i < perKind; i++) {
                        ClientTCP client = connected(clients, builder(transport, server)
                                .keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 2));
                        reads.add(startBlockedRead(client, EventRecorder.on(client), threads));
                    }
                }
                try (PacketFilter p = silence(plain); PacketFilter t = silence(tls)) {
                    for (Future<Integer> read : reads) {
                        assertFailsWithin(read, KEEPALIVE_GIVES_UP, "a read from a vanished peer");
                    }
                }
                for (ClientTCP client : clients) {
                    client.close();
                    assertEquals(Optional.of(CloseReason.TIMEOUT), client.closeReason());
                }
                clients.clear();
            }
        } finally {
            closeAll(clients);
            stop(threads);
        }
    }

    // ---- helpers ----

    /**
     * Every TLS client of this class shares one configuration, as an application would: Conscrypt
     * holds two pipe descriptors per configuration until a garbage collection (see CS-202).
     */
    private static ClientTCP.Builder builder(String transport, TestServer server) {
        ClientTCP.Builder builder = Tck.builder(transport, server.address());
        return server.isTls() ? builder.tls(TRUST, "") : builder;
    }

    private static ClientTCP connected(List<ClientTCP> clients, ClientTCP.Builder builder) throws IOException {
        ClientTCP client = builder.build();
        clients.add(client);
        client.connect(Tck.CONNECT);
        assertEchoes(client, "up\n");
        return client;
    }

    private static void closeAll(List<ClientTCP> clients) throws IOException {
        for (ClientTCP client : clients) {
            client.close();
        }
        clients.clear();
    }

    /** Everything the server sends is dropped: no data, no ACK, no FIN reaches the client. */
    private static PacketFilter silence(TestServer server) {
        return PacketFilter.ipv4("INPUT", "-p", "tcp", "--sport", Integer.toString(server.port()), "-j", "DROP");
    }

    /** Everything the client sends to the server is answered by the kernel with a TCP reset. */
    private static PacketFilter reject(TestServer server) {
        return PacketFilter.ipv4("INPUT", "-p", "tcp", "--dport", Integer.toString(server.port()),
                "-j", "REJECT", "--reject-with", "tcp-reset");
    }

    private static void assertEchoes(ClientTCP client, String text) throws IOException {
        client.write(text.getBytes(US_ASCII));
        assertEquals(text, new String(Tck.readExactly(client, text.length()), US_ASCII), client::toString);
    }

    /**
     * Starts a read on {@code threads} and waits until the client has emitted its READ event (the
     * read has begun; nothing is pending, so it blocks).
     */
    private static Future<Integer> startBlockedRead(ClientTCP client, EventRecorder rec, ExecutorService threads)
            throws Exception {
        long before = rec.states().stream().filter(s -> s == ConnState.READ).count();
        Future<Integer> read = threads.submit(() -> client.read(new byte[16]));
        assertTrue(rec.await(l -> l.stream().filter(e -> e.state() == ConnState.READ).count() > before,
                EventRecorder.EVENTUALLY), rec::sequence);
        return read;
    }

    /**
     * Starts a writer of up to 64 MiB in 64 KiB writes and returns once it has been blocked for
     * 500 ms (a path that ACKs nothing lets through at most a send buffer and a congestion window).
     */
    private static Future<?> startStuckWriter(ClientTCP client, ExecutorService threads) throws Exception {
        Future<?> writer = startWriter(client, threads);
        assertStuck(List.of(writer));
        return writer;
    }

    private static Future<?> startWriter(ClientTCP client, ExecutorService threads) {
        return threads.submit(() -> {
            byte[] chunk = new byte[64 * KIB];
            for (int i = 0; i < 1024; i++) {
                client.write(chunk);
            }
            return null;
        });
    }

    /** Asserts that none of the writers has finished 500 ms after this call. */
    private static void assertStuck(List<Future<?>> writers) throws Exception {
        long deadline = System.nanoTime() + MILLISECONDS.toNanos(500);
        for (Future<?> writer : writers) {
            try {
                writer.get(Math.max(0, deadline - System.nanoTime()), NANOSECONDS);
                fail("64 MiB went out over a path that acknowledges nothing");
            } catch (TimeoutException stuck) {
                // as it must be
            }
        }
    }

    /** Waits for {@code call} to fail with an IOException within {@code max}; returns it. */
    private static IOException assertFailsWithin(Future<?> call, Duration max, String what) throws InterruptedException {
        Object result;
        try {
            result = call.get(max.toMillis(), MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new AssertionError(what + ": still blocked after " + max.toMillis() + " ms");
        } catch (ExecutionException e) {
            return assertInstanceOf(IOException.class, e.getCause(), what);
        }
        throw new AssertionError(what + ": returned " + result + " instead of throwing an IOException");
    }

    /** Reads exactly {@code n} bytes, letting read timeouts pass, for at most {@code max}. */
    private static String readPatiently(ClientTCP client, int n, Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        byte[] buffer = new byte[n];
        int got = 0;
        for (int calls = 0; got < n && calls < 1000 && System.nanoTime() - deadline < 0; calls++) {
            try {
                int r = client.read(buffer, got, n - got);
                if (r < 0) {
                    throw new IOException("end of stream after " + got + " of " + n + " bytes");
                }
                got += r;
            } catch (SocketTimeoutException notYet) {
                // the retransmission has not come yet
            }
        }
        return new String(buffer, 0, got, US_ASCII);
    }

    /** The packets that the INPUT chain's random-loss rules on {@code port} dropped so far, from their counters. */
    private static long droppedBy(String port) throws Exception {
        Process listing = new ProcessBuilder("iptables", "-w", "-n", "-v", "-x", "-L", "INPUT")
                .redirectErrorStream(true).start();
        String output = new String(listing.getInputStream().readAllBytes(), US_ASCII);
        assertTrue(listing.waitFor(10, SECONDS), "iptables -L did not end");
        assertEquals(0, listing.exitValue(), output);
        long dropped = 0;
        for (String line : output.split("\n")) {
            if (line.contains("statistic") && (line.contains("dpt:" + port + " ") || line.contains("spt:" + port + " "))) {
                dropped += Long.parseLong(line.trim().split("\\s+")[0]);
            }
        }
        return dropped;
    }

    private static void assertKeepAlive(ClientTCP client, boolean on, int idle, int interval, int count, String what) {
        assertEquals(Optional.of(on), client.socketOption(StandardSocketOptions.SO_KEEPALIVE), what + ": SO_KEEPALIVE");
        assertEquals(Optional.of(idle), client.socketOption(extended("TCP_KEEPIDLE")), what + ": TCP_KEEPIDLE");
        assertEquals(Optional.of(interval), client.socketOption(extended("TCP_KEEPINTERVAL")), what + ": TCP_KEEPINTERVAL");
        assertEquals(Optional.of(count), client.socketOption(extended("TCP_KEEPCOUNT")), what + ": TCP_KEEPCOUNT");
    }

    /**
     * One of {@code jdk.net.ExtendedSocketOptions}, looked up reflectively because module
     * tcp.client.it does not read jdk.net (as in CS-017); these scenarios need Linux, which has all.
     */
    @SuppressWarnings("unchecked")
    private static SocketOption<Integer> extended(String name) {
        try {
            return (SocketOption<Integer>) Class.forName("jdk.net.ExtendedSocketOptions").getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("jdk.net.ExtendedSocketOptions." + name + " is missing", e);
        }
    }

    /** What each open descriptor points at, counted: {@code socket}, {@code pipe}, or the file's path. */
    private static Map<String, Long> descriptors() {
        Map<String, Long> kinds = new TreeMap<>();
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            list.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    kinds.merge(target.startsWith("/") ? target : target.replaceAll(":.*", ""), 1L, Long::sum);
                } catch (IOException gone) {
                    kinds.merge("(closed while listing)", 1L, Long::sum);
                }
            });
        } catch (IOException e) {
            kinds.put("cannot list /proc/self/fd: " + e, 0L);
        }
        return kinds;
    }

    private static void stop(ExecutorService threads) throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, SECONDS), "test threads ended");
    }
}
