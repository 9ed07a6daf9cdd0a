package tcp.client.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.micrometer.MetricsFixture.WAIT;
import static tcp.client.micrometer.MetricsFixture.echo;
import static tcp.client.micrometer.MetricsFixture.until;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.pool.ClientPool;
import tcp.client.pool.PoolStats;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** A pool's meters follow pool.stats() as clients are lent, given back, invalidated, waited for. */
@Timeout(60)
class TcpClientMetricsPoolTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TestServer server;
    private ClientPool pool;
    private MeterBinding binding;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.plain(Behaviour.ECHO);
        pool = ClientPool.builder(() -> ClientTCP.builder(server.address()).connectTimeout(WAIT).build())
                .maxSize(2)
                .borrowTimeout(WAIT)
                .build();
        binding = TcpClientMetrics.bind(pool, registry, "orders");
    }

    @AfterEach
    void stop() {
        binding.close();
        pool.close();
        server.close();
        registry.close();
    }

    @Test
    void metersAreFourGaugesAndTwoCountersTaggedWithTheName() {
        List<String> names = binding.meters().stream().map(m -> m.getId().getName()).toList();
        assertEquals(List.of("tcp.client.pool.open", "tcp.client.pool.idle", "tcp.client.pool.leased",
                "tcp.client.pool.waiting", "tcp.client.pool.created", "tcp.client.pool.closed"), names);
        for (Meter meter : binding.meters()) {
            assertEquals(List.of("name"), meter.getId().getTags().stream().map(t -> t.getKey()).toList());
            assertEquals("orders", meter.getId().getTag("name"));
        }
        assertEquals(Meter.Type.GAUGE, registry.get("tcp.client.pool.open").meter().getId().getType());
        assertEquals(Meter.Type.COUNTER, registry.get("tcp.client.pool.created").meter().getId().getType());
        assertMetersShow(new PoolStats(0, 0, 0, 0, 0, 0));
    }

    @Test
    void gaugesFollowLeasesHeldAndGivenBack() throws Exception {
        try (ClientPool.Lease first = pool.borrow();
             ClientPool.Lease second = pool.borrow()) {
            echo(first.client(), 10);
            echo(second.client(), 10);
            assertMetersShow(new PoolStats(2, 0, 2, 0, 2, 0));
            first.close();
            assertMetersShow(new PoolStats(2, 1, 1, 0, 2, 0));
            second.invalidate();
        }
        assertMetersShow(new PoolStats(1, 1, 0, 0, 2, 1));
        try (ClientPool.Lease again = pool.borrow()) {
            echo(again.client(), 10);
            assertMetersShow(new PoolStats(1, 0, 1, 0, 2, 1));
        }
        assertMetersShow(new PoolStats(1, 1, 0, 0, 2, 1));
    }

    @Test
    void waitingGaugeCountsABlockedBorrower() throws Exception {
        ExecutorService borrower = Executors.newSingleThreadExecutor();
        try (ClientPool.Lease first = pool.borrow()) {
            CompletableFuture<ClientPool.Lease> third;
            try (ClientPool.Lease second = pool.borrow()) {
                third = CompletableFuture.supplyAsync(() -> {
                    try {
                        return pool.borrow();
                    } catch (IOException e) {
                        throw new AssertionError("borrow failed", e);
                    }
                }, borrower);
                assertTrue(until(() -> pool.stats().waiting() == 1), pool.stats().toString());
                assertMetersShow(new PoolStats(2, 0, 2, 1, 2, 0));
            }
            try (ClientPool.Lease handedOver = third.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                echo(handedOver.client(), 10);
                assertMetersShow(new PoolStats(2, 0, 2, 0, 2, 0));
            }
        } finally {
            borrower.shutdownNow();
            assertTrue(borrower.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertMetersShow(new PoolStats(2, 2, 0, 0, 2, 0));
    }

    @Test
    void closedPoolReportsEveryClientClosedUntilTheBindingIsClosed() throws Exception {
        try (ClientPool.Lease first = pool.borrow();
             ClientPool.Lease second = pool.borrow()) {
            echo(first.client(), 10);
            echo(second.client(), 10);
        }
        pool.close();
        assertMetersShow(new PoolStats(0, 0, 0, 0, 2, 2));
        binding.close();
        assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
    }

    /** pool.stats() is {@code expected}, and so is every meter. */
    private void assertMetersShow(PoolStats expected) {
        assertEquals(expected, pool.stats());
        assertEquals(expected.open(), gauge("tcp.client.pool.open"));
        assertEquals(expected.idle(), gauge("tcp.client.pool.idle"));
        assertEquals(expected.leased(), gauge("tcp.client.pool.leased"));
        assertEquals(expected.waiting(), gauge("tcp.client.pool.waiting"));
        assertEquals((double) expected.created(), registry.get("tcp.client.pool.created").tag("name", "orders")
                .functionCounter().count());
        assertEquals((double) expected.closed(), registry.get("tcp.client.pool.closed").tag("name", "orders")
                .functionCounter().count());
    }

    private double gauge(String meter) {
        return registry.get(meter).tag("name", "orders").gauge().value();
    }
}
