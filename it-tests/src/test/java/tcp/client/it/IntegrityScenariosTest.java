package tcp.client.it;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** Section T, integrity: every byte arrives, in bulk (CS-160) and from many clients at once (CS-163). */
@Timeout(60)
class IntegrityScenariosTest {
    private static final long BULK_BYTES = 256L << 20;
    private static final int CHUNK = 64 << 10;
    private static final Duration BULK_LIMIT = Duration.ofSeconds(100);
    private static final int PARALLEL_CLIENTS = 200;
    private static final int ROUND_TRIPS = 20;
    private static final int MESSAGE = 1024;
    private static final Duration PARALLEL_DEADLINE = Duration.ofSeconds(50);

    @TransportTest
    @Timeout(value = 120, unit = SECONDS)
    void cs160_256MiBOfRandomBytesThroughAFullDuplexPlainEchoKeepTheirSha256(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            assertFullDuplexIntegrity(transport, Tck.client(transport, server.address()), "plain");
        }
    }

    @TransportTest
    @Timeout(value = 120, unit = SECONDS)
    void cs160_256MiBOfRandomBytesThroughAFullDuplexTlsEchoKeepTheirSha256(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            assertFullDuplexIntegrity(transport, Tck.tlsClient(transport, server.address()), "TLS");
        }
    }

    @TransportTest
    @Timeout(value = 90, unit = SECONDS)
    void cs163_200ParallelPlainClientsDoing20EchoRoundTripsGetEveryByteBack(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            assertParallelEchoes(() -> Tck.client(transport, server.address()));
            assertTrue(server.accepted() >= PARALLEL_CLIENTS, "accepted " + server.accepted());
        }
    }

    @TransportTest
    @Timeout(value = 90, unit = SECONDS)
    void cs163_200ParallelTlsClientsDoing20EchoRoundTripsGetEveryByteBack(String transport) throws Exception {
        // 200 handshakes at once on 2 cores: the handshake limits are raised from 10 s so that only
        // the scenario's deadline decides.
        try (TestServer server = TestServer.tls(Behaviour.ECHO,
                TlsServerOptions.builder().handshakeTimeout(PARALLEL_DEADLINE).build())) {
            assertParallelEchoes(() -> Tck.builder(transport, server.address()).tls(Tck.trustTestRoot(), "")
                    .handshakeTimeout(PARALLEL_DEADLINE).build());
            assertTrue(server.accepted() >= PARALLEL_CLIENTS, "accepted " + server.accepted());
        }
    }

    /** A writer thread sends random bytes while a reader thread takes the echo; both hash what they saw. */
    private static void assertFullDuplexIntegrity(String transport, ClientTCP client, String mode) throws Exception {
        long seed = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (client) {
            client.connect(Tck.CONNECT);
            long start = System.nanoTime();
            Future<byte[]> written = threads.submit(() -> {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                SplittableRandom random = new SplittableRandom(seed);
                byte[] chunk = new byte[CHUNK];
                for (long sent = 0; sent < BULK_BYTES; sent += CHUNK) {
                    random.nextBytes(chunk);
                    sha256.update(chunk);
                    client.write(chunk);
                }
                return sha256.digest();
            });
            Future<byte[]> read = threads.submit(() -> {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[CHUNK];
                long received = 0;
                while (received < BULK_BYTES) {
                    int n = client.read(buffer, 0, (int) Math.min(buffer.length, BULK_BYTES - received));
                    if (n < 0) {
                        throw new EOFException("end of stream after " + received + " of " + BULK_BYTES + " bytes");
                    }
                    sha256.update(buffer, 0, n);
                    received += n;
                }
                return sha256.digest();
            });
            // If either side fails, leaving the try closes the client, which unblocks the other.
            byte[] sent = written.get(BULK_LIMIT.toMillis(), MILLISECONDS);
            byte[] echoed = read.get(BULK_LIMIT.toMillis(), MILLISECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertArrayEquals(sent, echoed, () -> "SHA-256 of the echo (seed " + seed + ")");
            System.out.printf("CS-160 %s %s: 256 MiB each way in %d ms (%.0f MiB/s each way), sha256 %s%n", transport,
                    mode, millis, 256_000.0 / Math.max(1, millis), HexFormat.of().formatHex(sent));
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertParallelEchoes(Supplier<ClientTCP> clients) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(PARALLEL_CLIENTS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Void>> results = new ArrayList<>();
            for (int c = 0; c < PARALLEL_CLIENTS; c++) {
                long seed = 1000L * c;
                results.add(threads.submit(() -> {
                    try (ClientTCP client = clients.get()) {
                        assertTrue(go.await(10, SECONDS), "start signal");
                        client.connect(PARALLEL_DEADLINE);
                        SplittableRandom random = new SplittableRandom(seed);
                        byte[] message = new byte[MESSAGE];
                        for (int round = 0; round < ROUND_TRIPS; round++) {
                            random.nextBytes(message);
                            EchoRoundTrip.assertEchoes(client, message);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + PARALLEL_DEADLINE.toNanos();
            for (Future<Void> result : results) {
                result.get(Math.max(1, deadline - System.nanoTime()), NANOSECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
