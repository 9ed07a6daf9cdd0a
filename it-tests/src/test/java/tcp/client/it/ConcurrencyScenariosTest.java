package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Handler;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md sections N (concurrency, CS-112 to CS-116) and O (performance smoke, CS-117 to CS-119). */
@Timeout(60)
class ConcurrencyScenariosTest {
    /** How long a group of concurrent clients may take in all (generous: 2-core noisy CI). */
    private static final Duration GROUP = Duration.ofSeconds(20);

    // ---- N. Concurrency ----

    @TransportTest
    void cs112_tenConcurrentClientsEcho(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            runConcurrently(10, i -> () -> {
                try (ClientTCP client = Tck.client(transport, server.address())) {
                    client.connect(Tck.CONNECT);
                    String msg = "client " + i + "\n";
                    assertEquals(msg, echo(client, msg));
                }
                return null;
            });
            assertEquals(10, server.accepted());
        }
    }

    @TransportTest
    void cs112_fiveClientsTwentyMessagesEachKeepIntegrity(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            runConcurrently(5, i -> () -> {
                try (ClientTCP client = Tck.client(transport, server.address())) {
                    client.connect(Tck.CONNECT);
                    for (int m = 0; m < 20; m++) {
                        String msg = "client " + i + " message " + m + "\n";
                        assertEquals(msg, echo(client, msg));
                    }
                }
                return null;
            });
        }
    }

    @TransportTest
    void cs112_countingServerSeesExactlyOneRunPerClient(String transport) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Handler countingLineEcho = socket -> {
            runs.incrementAndGet();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; line.size() < 1024 && (b = in.read()) >= 0; ) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            OutputStream out = socket.getOutputStream();
            out.write(line.toByteArray());
            out.flush();
        };
        try (TestServer server = TestServer.plain(countingLineEcho)) {
            runConcurrently(50, i -> () -> {
                try (ClientTCP client = Tck.client(transport, server.address())) {
                    client.connect(Tck.CONNECT);
                    String msg = "count " + i + "\n";
                    assertEquals(msg, echo(client, msg));
                }
                return null;
            });
            assertEquals(50, runs.get(), "one handler run per client");
            assertEquals(50, server.accepted());
        }
    }

    @TransportTest
    void cs113_concurrentReadAndWriteOnOneClient(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertFullDuplex(client);
        }
    }

    @TransportTest
    void cs113_concurrentReadAndWriteOnOneTlsClient(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertFullDuplex(client);
        }
    }

    @TransportTest
    void cs114_twentyClientsConnectWriteClose(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            runConcurrently(20, i -> () -> {
                try (ClientTCP client = Tck.client(transport, server.address())) {
                    client.connect(Tck.CONNECT);
                    assertEquals(4, client.write("bye\n".getBytes(UTF_8)));
                    client.close();
                }
                return null;
            });
            assertTrue(server.awaitAccepted(20, EventRecorder.EVENTUALLY));
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)),
                    server.openConnections() + " connections still open");
        }
    }

    @TransportTest
    void cs115_concurrentConnectsOnOneClientLeaveOneConnection(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            runConcurrently(8, i -> () -> {
                client.connect(Tck.CONNECT);
                return null;
            });
            assertTrue(client.isConnected());
            assertTrue(server.awaitAccepted(8, EventRecorder.EVENTUALLY), server.accepted() + " accepted");
            assertEquals(8, server.accepted());
            assertTrue(server.awaitOpenConnections(1, EventRecorder.EVENTUALLY),
                    "exactly one connection must stay open, found " + server.openConnections());
            assertEquals("the survivor\n", echo(client, "the survivor\n"));
        }
    }

    @TransportTest
    void cs116_stateAndSettersAreSafeDuringIo(String transport) throws Exception {
        TlsConfig config = Tck.trustTestRoot();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            AtomicBoolean ioDone = new AtomicBoolean();
            // The I/O starts only once the state calls are running, so the two overlap.
            CountDownLatch fiddling = new CountDownLatch(1);
            Future<Integer> io = pool.submit(() -> {
                try {
                    assertTrue(fiddling.await(10, SECONDS), "the state calls started");
                    for (int i = 0; i < 200; i++) {
                        String msg = "round " + i + "\n";
                        assertEquals(msg, echo(client, msg));
                    }
                    return 200;
                } finally {
                    ioDone.set(true);
                }
            });
            Future<Integer> fiddler = pool.submit(() -> {
                EventRecorder rec = new EventRecorder();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                int loops = 0;
                while (!ioDone.get() && loops < 1_000_000 && System.nanoTime() < deadline) {
                    assertTrue(client.isConnected());
                    client.setTLS(loops % 2 == 0, config, "localhost");
                    client.registerFuncInfo(loops % 2 == 0 ? rec : null);
                    client.registerFuncError(loops % 2 == 0 ? rec : null);
                    loops++;
                    fiddling.countDown();
                }
                client.setTLS(false, null, null);
                return loops;
            });
            assertEquals(200, io.get(30, SECONDS));
            assertTrue(fiddler.get(30, SECONDS) > 0, "the state calls ran during the I/O");
            assertEquals("after\n", echo(client, "after\n"));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- O. Performance smoke ----

    @TransportTest
    void cs117_thousandPlainRoundTripsOfOneKib(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertRoundTrips(client, 1000, 1024, Duration.ofSeconds(10));
        }
    }

    @TransportTest
    void cs118_hundredTlsRoundTripsOfOneKib(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertRoundTrips(client, 100, 1024, Duration.ofSeconds(15));
        }
    }

    @TransportTest
    void cs119_rapidSmallRoundTripsAndConnectCycles(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertRoundTrips(client, 100, 16, Duration.ofSeconds(10));
            client.close();
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                client.connect(Tck.CONNECT);
                client.close();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "50 connect/close cycles took " + took);
            assertTrue(server.awaitAccepted(51, EventRecorder.EVENTUALLY), server.accepted() + " accepted");
            assertEquals(51, server.accepted());
        }
    }

    // ---- helpers ----

    private static void assertFullDuplex(ClientTCP client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            client.connect(Tck.CONNECT);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                byte[] msg = ("concurrent message " + i + "\n").getBytes(UTF_8);
                messages.add(msg);
                expected.write(msg);
            }
            Future<byte[]> reader = pool.submit(() -> readFully(client, expected.size()));
            Future<Integer> writer = pool.submit(() -> {
                int sent = 0;
                for (byte[] msg : messages) {
                    sent += client.write(msg);
                }
                return sent;
            });
            assertEquals(expected.size(), writer.get(5, SECONDS));
            assertArrayEquals(expected.toByteArray(), reader.get(5, SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertRoundTrips(ClientTCP client, int count, int size, Duration max) throws IOException {
        byte[] payload = new byte[size];
        new Random(count).nextBytes(payload);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            assertEquals(size, client.write(payload));
            assertArrayEquals(payload, readFully(client, size), "round trip " + i);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(max) < 0, count + " round trips of " + size + " bytes took " + took);
    }

    /** Runs {@code n} tasks at once (released together) and waits for all; rethrows the first failure. */
    private static void runConcurrently(int n, IntFunction<Callable<Void>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Void> body = task.apply(i);
                futures.add(pool.submit(() -> {
                    assertTrue(start.await(10, SECONDS));
                    return body.call();
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + GROUP.toNanos();
            for (Future<Void> f : futures) {
                f.get(Math.max(1, deadline - System.nanoTime()), NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] readFully(ClientTCP client, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = client.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("end of stream after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return b;
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] out = text.getBytes(UTF_8);
        assertEquals(out.length, client.write(out));
        return new String(readFully(client, out.length), UTF_8);
    }
}
