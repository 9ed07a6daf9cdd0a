package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tcp.client.api.ClientTCP;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;
import tcp.client.pool.ClientPool;
import tcp.client.pool.PoolStats;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/**
 * CONFORMANCE.md section AD: a pool shared by many threads against a real server (CS-212), a
 * server restart under idle pooled clients (CS-217), idle and lifetime expiry (CS-218).
 */
@Timeout(120)
class PoolScenariosTest {
    private static final int THREADS = 32;
    private static final int POOL_SIZE = 4;
    private static final int COMMANDS_PER_THREAD = 50;
    @RegisterExtension
    static final SharedRedis redis = SharedRedis.tls(false);

    @TransportTest
    void cs212_thirtyTwoThreadsShareAPoolOfFourOverTls(String transport) throws Exception {
        String key = "pooled-" + transport + "-" + System.nanoTime();
        Set<ClientTCP> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger shared = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try (ClientPool pool = ClientPool.builder(() -> Tck.tlsClient(transport, redis.address()))
                .maxSize(POOL_SIZE).build()) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < COMMANDS_PER_THREAD; i++) {
                        try (ClientPool.Lease lease = pool.borrow()) {
                            ClientTCP client = lease.client();
                            if (!inUse.add(client)) {
                                shared.incrementAndGet();
                            }
                            try {
                                FramedClient redisClient = FramedClient.of(client, FrameCodec.lines());
                                redisClient.writeFrame(("INCR " + key).getBytes(UTF_8));
                                String reply = new String(redisClient.readFrame(), UTF_8);
                                assertTrue(reply.startsWith(":"), reply);
                            } finally {
                                inUse.remove(client);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(90, TimeUnit.SECONDS);
            }
            assertEquals(0, shared.get(), "a client was lent to two borrowers at once");
            PoolStats stats = pool.stats();
            assertTrue(stats.created() <= POOL_SIZE, stats::toString);
            assertEquals(0, stats.leased(), stats::toString);
            assertEquals(THREADS * COMMANDS_PER_THREAD, get(pool, key), "every INCR counted once");
        } finally {
            threads.shutdownNow();
        }
    }

    @TransportTest
    void cs217_serverRestartCostsNoFailedBorrow(String transport) throws Exception {
        try (ClientPool pool = ClientPool.builder(() -> Tck.tlsClient(transport, redis.address()))
                .maxSize(POOL_SIZE).build()) {
            List<ClientPool.Lease> leases = borrowAll(pool);
            Set<ClientTCP> before = ConcurrentHashMap.newKeySet();
            for (ClientPool.Lease lease : leases) {
                before.add(lease.client());
                assertEquals("+PONG", ping(lease.client()));
                lease.close();
            }
            assertEquals(POOL_SIZE, pool.stats().idle());
            redis.restart();
            // Every idle client's peer is gone: each borrow must find that out by itself and dial
            // anew, so that the first command on every lease succeeds.
            leases = borrowAll(pool);
            for (ClientPool.Lease lease : leases) {
                assertFalse(before.contains(lease.client()), "a client the restart killed was lent out");
                assertEquals("+PONG", ping(lease.client()));
                lease.close();
            }
            PoolStats stats = pool.stats();
            assertEquals(new PoolStats(POOL_SIZE, POOL_SIZE, 0, 0, 2L * POOL_SIZE, POOL_SIZE), stats);
            for (ClientTCP dead : before) {
                assertFalse(dead.isConnected(), "a replaced client was closed");
            }
        }
    }

    @TransportTest
    void cs218_idleClientsAreClosedAfterIdleTimeout(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientPool pool = ClientPool.builder(() -> Tck.tlsClient(transport, server.address()))
                     .idleTimeout(Duration.ofMillis(200)).build()) {
            ClientTCP first;
            try (ClientPool.Lease lease = pool.borrow()) {
                first = lease.client();
            }
            assertTrue(server.awaitEnds(1, Duration.ofSeconds(10)), "the sweep closed the idle client");
            assertEquals(new PoolStats(0, 0, 0, 0, 1, 1), pool.stats());
            assertFalse(first.isConnected());
        }
    }

    @TransportTest
    void cs218_clientPastItsLifetimeIsClosedWhenItComesBack(String transport) throws Exception {
        Duration lifetime = Duration.ofMillis(100);
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientPool pool = ClientPool.builder(() -> Tck.tlsClient(transport, server.address()))
                     .maxLifetime(lifetime).build()) {
            ClientTCP first;
            try (ClientPool.Lease lease = pool.borrow()) {
                first = lease.client();
                long since = System.nanoTime();
                // The rule under test is time: hold the lease past the lifetime.
                while (System.nanoTime() - since <= lifetime.toNanos()) {
                    LockSupport.parkNanos(lifetime.toNanos() / 4);
                }
            }
            assertFalse(first.isConnected(), "closed on return, not pooled");
            assertTrue(server.awaitEnds(1, Duration.ofSeconds(10)));
            try (ClientPool.Lease lease = pool.borrow()) {
                assertTrue(lease.client() != first, "a new client after the old one expired");
                EchoRoundTrip.assertEchoes(lease.client(), "after expiry".getBytes(UTF_8));
            }
            assertEquals(2, pool.stats().created());
        }
    }

    /** Borrows every client the pool may hold, all at once. */
    private static List<ClientPool.Lease> borrowAll(ClientPool pool) throws IOException, InterruptedException {
        List<ClientPool.Lease> leases = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            leases.add(pool.borrow());
        }
        return leases;
    }

    private static String ping(ClientTCP client) throws IOException {
        FramedClient redisClient = FramedClient.of(client, FrameCodec.lines());
        redisClient.writeFrame("PING".getBytes(UTF_8));
        return new String(redisClient.readFrame(), UTF_8);
    }

    private static int get(ClientPool pool, String key) throws IOException, InterruptedException {
        try (ClientPool.Lease lease = pool.borrow()) {
            FramedClient redisClient = FramedClient.of(lease.client(), FrameCodec.lines());
            redisClient.writeFrame(("GET " + key).getBytes(UTF_8));
            redisClient.readFrame();
            return Integer.parseInt(new String(redisClient.readFrame(), UTF_8));
        }
    }
}
