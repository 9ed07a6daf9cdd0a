package tcp.client.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.ReconnectPolicy;
import tcp.client.testkit.Fds;
import tcp.client.testkit.PacketFilter;

/**
 * CONFORMANCE.md, Happy Eyeballs: dialing a name with several addresses as RFC 8305 says (CS-190
 * to CS-195), on every transport (the dialer is the core's; each transport's client is built all
 * the same). Plain TCP: dialing ends before TLS begins.
 *
 * <p>The names come from a hosts file ({@code src/test/resources/happy-eyeballs.hosts}) through
 * {@code -Djdk.net.hosts.file}, which replaces the resolver of the whole JVM: this class runs in a
 * surefire execution of its own ({@code happy-eyeballs} in the pom; tag {@value #TAG}, which the
 * default execution excludes), with {@code -Dsun.net.inetaddr.ttl=0} so that every lookup reads the
 * file again. Each scenario listens on one port P on some of 127.0.0.1, 127.0.0.2 and ::1, and
 * makes the others silent (an iptables DROP of SYNs to that address and P) or refusing (nothing
 * bound there). Every rule matches P only and is removed when the scenario ends.
 */
@Tag(HappyEyeballsScenariosTest.TAG)
@Timeout(60)
class HappyEyeballsScenariosTest {
    /** The JUnit tag of scenarios that need the hosts file; see the surefire executions in the pom. */
    static final String TAG = "hosts-file";

    private static final InetAddress V4 = literal("127.0.0.1");
    private static final InetAddress V4_SECOND = literal("127.0.0.2");
    private static final InetAddress V6 = literal("::1");
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final int FD_TOLERANCE = 10;
    private static final int SOCKET_TOLERANCE = 1;
    private static final int THREAD_TOLERANCE = 4;
    private static final int LEAK_CYCLES = 30;
    private static final ReconnectPolicy QUICK = ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(200));

    private static Path hostsFile;
    private static String originalHosts;

    @BeforeAll
    static void theHostsFileIsTheResolver() throws IOException {
        String property = System.getProperty("jdk.net.hosts.file");
        assertNotNull(property, "-Djdk.net.hosts.file is not set: run this class through its own surefire execution"
                + " (mvn verify -pl it-tests), not the default one");
        hostsFile = Path.of(property);
        assertTrue(Files.isRegularFile(hostsFile), "no hosts file at " + hostsFile);
        originalHosts = Files.readString(hostsFile, US_ASCII);
        // The JDK's hosts-file resolver returns IPv4 before IPv6 (java.net.preferIPv6Addresses is
        // false), whatever the order of the file's lines; within a family, the file's order.
        assertEquals(List.of(V4, V6), resolve("localhost"));
        assertEquals(List.of(V4, V6), resolve("dual.test"));
        assertEquals(List.of(V4, V6), resolve("v6first.test"), "IPv4 first although the file lists ::1 first");
        assertEquals(List.of(V4, V4_SECOND, V6), resolve("triple.test"));
        assertEquals(List.of(V4), resolve("moving.test"));
    }

    @TransportTest
    void cs190_silentFirstAddressFallsBackToTheSecondAfterTheAttemptDelay(String transport) throws Exception {
        try (SamePort port = SamePort.listenOn(V6);
             PacketFilter silent = dropSyns(V4, port.port())) {
            // The default stagger, 250 ms: before Happy Eyeballs this connect waited about 5 s.
            try (ClientTCP client = Tck.client(transport, "dual.test:" + port.port())) {
                EventRecorder rec = EventRecorder.on(client);
                long millis = timedConnect(client);
                assertTrue(millis >= 240 && millis < 1500, "connected after " + millis + " ms; expected the 250 ms"
                        + " attempt delay, then ::1");
                assertRemote(client, rec, V6, port.port());
                assertEcho(client);
                System.out.printf("CS-190 %s: default delay, connected to ::1 after %d ms%n", transport, millis);
            }
            try (ClientTCP client = Tck.builder(transport, "dual.test:" + port.port())
                    .connectionAttemptDelay(Duration.ofMillis(100)).build()) {
                EventRecorder rec = EventRecorder.on(client);
                long millis = timedConnect(client);
                assertTrue(millis >= 95 && millis < 1000, "connected after " + millis + " ms with a 100 ms attempt delay");
                assertRemote(client, rec, V6, port.port());
                assertEcho(client);
                System.out.printf("CS-190 %s: 100 ms delay, connected to ::1 after %d ms%n", transport, millis);
            }
            assertEquals(2, port.accepted(V6));
        }
    }

    @TransportTest
    void cs191_theLosingAttemptIsClosedAndNothingLeaks(String transport) throws Exception {
        try (SamePort port = SamePort.listenOn(V6);
             PacketFilter silent = dropSyns(V4, port.port());
             ClientTCP client = Tck.builder(transport, "dual.test:" + port.port())
                     .connectionAttemptDelay(Duration.ofMillis(50)).build()) {
            for (int i = 0; i < 3; i++) {
                connectEchoClose(client, i);
            }
            assertTrue(port.awaitNoConnections(SETTLE), "warm-up connections ended on the server");
            long sockets = Fds.openSockets();
            long fds = Fds.openFileDescriptors();
            int threads = Fds.liveThreads();

            long start = System.nanoTime();
            for (int i = 0; i < LEAK_CYCLES; i++) {
                connectEchoClose(client, i);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(port.awaitNoConnections(SETTLE), "the server saw every close");
            assertEquals(3 + LEAK_CYCLES, port.accepted(V6));
            // Each cycle opened two sockets (the silent IPv4 attempt and the IPv6 winner) and a
            // selector: one left open per cycle would be 30 over.
            assertTrue(Fds.awaitAtMost(Fds::openSockets, sockets + SOCKET_TOLERANCE, SETTLE),
                    () -> "open sockets " + Fds.openSockets() + ", before the cycles " + sockets);
            assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, fds + FD_TOLERANCE, SETTLE),
                    () -> "open descriptors " + Fds.openFileDescriptors() + ", before the cycles " + fds);
            assertTrue(Fds.awaitAtMost(Fds::liveThreads, threads + THREAD_TOLERANCE, SETTLE),
                    () -> "live threads " + Fds.liveThreads() + ", before the cycles " + threads);
            System.out.printf("CS-191 %s: %d raced connects in %d ms%n", transport, LEAK_CYCLES, millis);
        }
    }

    @TransportTest
    void cs192_everyAddressSilentOrRefusingFailsWithinOneBudget(String transport) throws Exception {
        try (SamePort port = SamePort.listenOn(V6);
             PacketFilter silentV4 = dropSyns(V4, port.port());
             PacketFilter silentV6 = dropSyns(V6, port.port());
             ClientTCP client = Tck.builder(transport, "dual.test:" + port.port())
                     .connectTimeout(Duration.ofSeconds(1)).build()) {
            EventRecorder rec = EventRecorder.on(client);
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, client::connect);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // One budget for the whole race, not one per address.
            assertTrue(millis >= 900 && millis < 1600, "timed out after " + millis + " ms with a 1 s budget: " + e);
            assertFalse(client.isConnected());
            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(rec.states().contains(ConnState.NEW), rec::sequence);
            assertEquals(0, port.accepted(V6), "a SYN got through the DROP rule");
            System.out.printf("CS-192 %s: both silent, timed out after %d ms%n", transport, millis);
        }
        try (SamePort port = SamePort.listenOn();
             ClientTCP client = Tck.client(transport, "dual.test:" + port.port())) {
            long start = System.nanoTime();
            ConnectException e = assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 1000, "both refused, yet the connect took " + millis + " ms");
            // The first address's failure is thrown, the second's is suppressed in it.
            assertEquals(1, e.getSuppressed().length, () -> "suppressed: " + Arrays.toString(e.getSuppressed()));
            assertInstanceOf(ConnectException.class, e.getSuppressed()[0]);
            assertFalse(client.isConnected());
        }
    }

    @TransportTest
    void cs193_refusingFirstAddressMovesOnAtOnce(String transport) throws Exception {
        // Nothing on 127.0.0.1:P, so its SYN is answered with a reset at once.
        try (SamePort port = SamePort.listenOn(V6);
             ClientTCP patient = Tck.builder(transport, "dual.test:" + port.port())
                     .connectionAttemptDelay(Duration.ofSeconds(3)).build();
             ClientTCP standard = Tck.client(transport, "dual.test:" + port.port())) {
            EventRecorder patientRec = EventRecorder.on(patient);
            EventRecorder standardRec = EventRecorder.on(standard);
            for (int i = 0; i < 5; i++) {
                long millis = timedConnect(patient);
                assertTrue(millis < 1000, "connect #" + (i + 1) + " took " + millis + " ms: the refused first"
                        + " address must start the next attempt at once, not after the 3 s delay");
                assertRemote(patient, patientRec, V6, port.port());
                patient.close();
            }
            long fastest = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                fastest = Math.min(fastest, timedConnect(standard));
                assertRemote(standard, standardRec, V6, port.port());
                standard.close();
            }
            assertTrue(fastest < 100, "fastest of 5 connects with the 250 ms default delay: " + fastest + " ms");
            System.out.printf("CS-193 %s: first refused, fastest fallback %d ms%n", transport, fastest);
        }
    }

    @TransportTest
    void cs194_everyConnectAndReconnectionLooksTheNameUpAgain(String transport) throws Exception {
        try (SamePort port = SamePort.listenOn(V4, V6)) {
            String address = "moving.test:" + port.port();
            try (ClientTCP client = Tck.client(transport, address)) {
                EventRecorder rec = EventRecorder.on(client);
                client.connect(Tck.CONNECT);
                assertRemote(client, rec, V4, port.port());
                client.close();
                moveTo(V6);
                client.connect(Tck.CONNECT);
                assertRemote(client, rec, V6, port.port());
                assertEcho(client);
            } finally {
                restoreHostsFile();
            }

            try (ClientTCP client = Tck.builder(transport, address).reconnect(QUICK)
                    .readTimeout(Duration.ofSeconds(5)).build()) {
                EventRecorder rec = EventRecorder.on(client);
                client.connect(Tck.CONNECT);
                assertRemote(client, rec, V4, port.port());
                assertEcho(client);
                moveTo(V6);
                // The IPv4 server goes away: an end of stream, and 127.0.0.1:P refuses from now on,
                // so only a fresh lookup can reach the server again.
                port.stop(V4);
                assertEquals(-1, client.read(new byte[1]), "the IPv4 server closed the connection");
                assertTrue(client.awaitConnected(Duration.ofSeconds(5)), rec::sequence);
                assertEquals(Optional.empty(), client.closeReason());
                assertRemote(client, rec, V6, port.port());
                assertEcho(client);
                assertTrue(rec.await(l -> l.stream().filter(e -> e.state() == ConnState.NEW).count() == 2,
                        EventRecorder.EVENTUALLY), rec::sequence);
                assertEquals(2, port.accepted(V6));
            } finally {
                restoreHostsFile();
            }
        }
    }

    @TransportTest
    void cs195_addressesAreInterleavedByFamily(String transport) throws Exception {
        // triple.test resolves to 127.0.0.1, 127.0.0.2, ::1; RFC 8305 dials 127.0.0.1, ::1, 127.0.0.2.
        try (SamePort port = SamePort.listenOn(V4_SECOND, V6);
             PacketFilter silentV4 = dropSyns(V4, port.port());
             ClientTCP client = Tck.builder(transport, "triple.test:" + port.port())
                     .connectionAttemptDelay(Duration.ofMillis(100)).build()) {
            EventRecorder rec = EventRecorder.on(client);
            long millis = timedConnect(client);
            assertTrue(millis >= 95 && millis < 1000, "second attempt won after " + millis + " ms");
            assertRemote(client, rec, V6, port.port());
            client.close();
            try (PacketFilter silentV6 = dropSyns(V6, port.port())) {
                millis = timedConnect(client);
                assertTrue(millis >= 190 && millis < 1500, "third attempt won after " + millis + " ms");
                assertRemote(client, rec, V4_SECOND, port.port());
                assertEcho(client);
                client.close();
            }
            assertEquals(1, port.accepted(V6));
            assertEquals(1, port.accepted(V4_SECOND));
        }
    }

    // ---- helpers ----

    private static long timedConnect(ClientTCP client) throws IOException {
        long start = System.nanoTime();
        client.connect(Tck.CONNECT);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void connectEchoClose(ClientTCP client, int cycle) throws Exception {
        client.connect(Tck.CONNECT);
        if (!client.isConnected()) {
            fail("not connected after connect #" + (cycle + 1));
        }
        client.write(new byte[] {(byte) cycle});
        assertArrayEquals(new byte[] {(byte) cycle}, Tck.readExactly(client, 1));
        client.close();
    }

    private static void assertEcho(ClientTCP client) throws IOException {
        client.write("eyeballs\n".getBytes(US_ASCII));
        assertEquals("eyeballs\n", new String(Tck.readExactly(client, 9), US_ASCII));
    }

    /**
     * Asserts where the current connection goes: the API has no getter for it, but every event of a
     * connection carries its addresses, so a zero-length read (which emits READ and reads nothing)
     * shows it in the client's recorder.
     */
    private static void assertRemote(ClientTCP client, EventRecorder rec, InetAddress expected, int port)
            throws Exception {
        assertTrue(client.isConnected());
        int before = rec.events().size();
        client.read(new byte[0]);
        assertTrue(rec.await(l -> l.subList(before, l.size()).stream().anyMatch(e -> e.state() == ConnState.READ),
                EventRecorder.EVENTUALLY), rec::sequence);
        List<EventRecorder.Event> after = rec.events();
        SocketAddress remote = after.subList(before, after.size()).stream().filter(e -> e.state() == ConnState.READ)
                .findFirst().orElseThrow().remote();
        assertEquals(new InetSocketAddress(expected, port), remote, client::toString);
    }

    private static PacketFilter dropSyns(InetAddress to, int port) {
        String[] rule = {"-p", "tcp", "-d", to.getHostAddress(), "--dport", Integer.toString(port), "--syn", "-j", "DROP"};
        return to instanceof Inet4Address ? PacketFilter.ipv4("INPUT", rule) : PacketFilter.ipv6("INPUT", rule);
    }

    /** Rewrites the hosts file so that moving.test resolves to {@code address} alone. */
    private static void moveTo(InetAddress address) throws IOException {
        String moved = originalHosts.replace("127.0.0.1 moving.test", address.getHostAddress() + " moving.test");
        assertFalse(moved.equals(originalHosts), "no moving.test line in " + hostsFile);
        writeHosts(moved);
        // ttl 0: the JDK reads the file again at each lookup.
        assertEquals(List.of(address), resolve("moving.test"), "the JDK did not see the rewritten hosts file");
    }

    private static void restoreHostsFile() throws IOException {
        writeHosts(originalHosts);
    }

    /** Replaces the file in one step, so that a lookup never reads half of it. */
    private static void writeHosts(String text) throws IOException {
        Path next = hostsFile.resolveSibling(hostsFile.getFileName() + ".next");
        Files.writeString(next, text, US_ASCII);
        Files.move(next, hostsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<InetAddress> resolve(String name) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(name)).stream().map(HappyEyeballsScenariosTest::bare).toList();
    }

    /** The address without the host name the lookup attached, for equality with a literal. */
    private static InetAddress bare(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * One port P, free on 127.0.0.1, 127.0.0.2 and ::1, with an echo listener on some of them and
     * nothing bound on the others (connects there are refused). Echo threads are daemons named
     * {@code he-echo-P-...}; {@link #close()} closes everything and waits for them.
     */
    static final class SamePort implements AutoCloseable {
        private static final List<InetAddress> ALL = List.of(V4, V4_SECOND, V6);
        private static final int MAX_TRIES = 50;

        private final int port;
        private final Map<InetAddress, Listener> listeners = new LinkedHashMap<>();

        private SamePort(int port) {
            this.port = port;
        }

        /** Listens on {@code addresses} (none: a port that every address refuses). */
        static SamePort listenOn(InetAddress... addresses) throws IOException {
            IOException last = null;
            for (int i = 0; i < MAX_TRIES; i++) {
                int port;
                try (ServerSocket probe = new ServerSocket(0, 1, V6)) {
                    port = probe.getLocalPort();
                }
                SamePort candidate = new SamePort(port);
                try {
                    // Bound and released on every address first: nothing else is there.
                    for (InetAddress a : ALL) {
                        new ServerSocket(port, 1, a).close();
                    }
                    for (InetAddress a : addresses) {
                        candidate.start(a);
                    }
                    return candidate;
                } catch (IOException taken) {
                    candidate.close();
                    last = taken;
                }
            }
            throw new IOException("no port free on " + ALL + " after " + MAX_TRIES + " tries", last);
        }

        int port() {
            return port;
        }

        void start(InetAddress address) throws IOException {
            listeners.put(address, new Listener(new ServerSocket(port, 50, address), port));
        }

        /** Closes the listener on {@code address} and its connections: from now on P refuses there. */
        void stop(InetAddress address) {
            listeners.get(address).close();
        }

        int accepted(InetAddress address) {
            return listeners.get(address).accepted.get();
        }

        /** Waits until no listener holds a connection: the server side has seen every close. */
        boolean awaitNoConnections(Duration max) {
            return Fds.awaitAtMost(() -> listeners.values().stream().mapToInt(l -> l.open.size()).sum(), 0, max);
        }

        @Override
        public void close() {
            listeners.values().forEach(Listener::close);
        }
    }

    /** An echo listener: an acceptor thread and a thread per connection. */
    private static final class Listener {
        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final String name;

        Listener(ServerSocket socket, int port) {
            this.socket = socket;
            this.name = "he-echo-" + port + "-" + socket.getInetAddress().getHostAddress();
            spawn(name + "-acceptor", this::acceptLoop);
        }

        private void spawn(String threadName, Runnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } finally {
                    threads.remove(Thread.currentThread());
                }
            }, threadName);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                Socket s;
                try {
                    s = socket.accept();
                } catch (IOException closed) {
                    return;
                }
                accepted.incrementAndGet();
                open.add(s);
                spawn(name + "-" + s.getPort(), () -> echo(s));
            }
        }

        private void echo(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException ended) {
                // reset, or closed by close()
            } finally {
                open.remove(s);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            for (Socket s : List.copyOf(open)) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            List<Thread> running = new ArrayList<>(threads);
            for (Thread t : running) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while stopping " + name, e);
                }
                if (t.isAlive()) {
                    throw new IllegalStateException(t.getName() + " still alive 5 s after close");
                }
            }
        }
    }
}
