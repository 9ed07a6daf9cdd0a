package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;
import tcp.client.pool.ClientPool;
import tcp.client.pool.PoolStats;
import tcp.client.testkit.RedisServer;

/** CONFORMANCE.md section AD: a pool shared by many threads against a real server (CS-212). */
@Timeout(120)
class PoolScenariosTest {
    private static final int THREADS = 32;
    private static final int POOL_SIZE = 4;
    private static final int COMMANDS_PER_THREAD = 50;
    private static RedisServer redis;

    @BeforeAll
    static void startServer() {
        redis = RedisServer.tls(false);
    }

    @AfterAll
    static void stopServer() {
        if (redis != null) {
            redis.close();
        }
    }

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

    private static int get(ClientPool pool, String key) throws IOException, InterruptedException {
        try (ClientPool.Lease lease = pool.borrow()) {
            FramedClient redisClient = FramedClient.of(lease.client(), FrameCodec.lines());
            redisClient.writeFrame(("GET " + key).getBytes(UTF_8));
            redisClient.readFrame();
            return Integer.parseInt(new String(redisClient.readFrame(), UTF_8));
        }
    }
}
