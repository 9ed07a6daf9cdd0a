package tcp.client.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.micrometer.MetricsFixture.WAIT;
import static tcp.client.micrometer.MetricsFixture.collected;
import static tcp.client.micrometer.MetricsFixture.echo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.pool.ClientPool;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.TestServer;

/** Arguments, names taken twice, removal, and what the meters do once their object is collected. */
@Timeout(60)
class TcpClientMetricsBindingTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ClientTCP client;
    private ClientTCP other;
    private ClientPool pool;

    @BeforeEach
    void create() {
        // Never connected: binding needs no connection, and nothing here dials.
        client = ClientTCP.create(DeadPort.reserve().address());
        other = ClientTCP.create(DeadPort.reserve().address());
        pool = ClientPool.builder(() -> ClientTCP.create(DeadPort.reserve().address())).build();
    }

    @AfterEach
    void close() throws Exception {
        pool.close();
        other.close();
        client.close();
        registry.close();
    }

    @Test
    void nullArgumentsThrowNamingTheParameter() {
        assertNullNamed("client", () -> TcpClientMetrics.bind((ClientTCP) null, registry, "a"));
        assertNullNamed("registry", () -> TcpClientMetrics.bind(client, null, "a"));
        assertNullNamed("name", () -> TcpClientMetrics.bind(client, registry, null));
        assertNullNamed("pool", () -> TcpClientMetrics.bind((ClientPool) null, registry, "a"));
        assertNullNamed("registry", () -> TcpClientMetrics.bind(pool, null, "a"));
        assertNullNamed("name", () -> TcpClientMetrics.bind(pool, registry, null));
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void emptyOrBlankNameIsRefusedNamingIt() {
        for (String name : List.of("", " ", "\t\n")) {
            IllegalArgumentException forClient = assertThrows(IllegalArgumentException.class,
                    () -> TcpClientMetrics.bind(client, registry, name));
            assertEquals("invalid name \"" + name + "\": it must not be empty or blank", forClient.getMessage());
            IllegalArgumentException forPool = assertThrows(IllegalArgumentException.class,
                    () -> TcpClientMetrics.bind(pool, registry, name));
            assertEquals(forClient.getMessage(), forPool.getMessage());
        }
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void closeRemovesTheMetersAndIsIdempotent() {
        MeterBinding binding = TcpClientMetrics.bind(client, registry, "db");
        assertEquals(7, registry.getMeters().size());
        assertFalse(binding.isClosed());
        assertEquals("MeterBinding{name=db,transport=jdk}[7 meters, registered]", binding.toString());
        binding.close();
        assertTrue(binding.isClosed());
        assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
        binding.close();
        assertEquals(7, binding.meters().size(), "the meters it removed");
        assertEquals("MeterBinding{name=db,transport=jdk}[7 meters, closed]", binding.toString());
        try (MeterBinding again = TcpClientMetrics.bind(client, registry, "db")) {
            assertEquals(7, registry.getMeters().size(), "the name is free again");
        }
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void bindingATakenNameIsRefusedAndRegistersNothing() {
        try (MeterBinding first = TcpClientMetrics.bind(client, registry, "db")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TcpClientMetrics.bind(other, registry, "db"));
            assertEquals("name \"db\" is already bound in this registry: tcp.client.bytes.read{name=db,transport=jdk}"
                    + " exists; close that binding or choose another name", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> TcpClientMetrics.bind(client, registry, "db"),
                    "the same client twice under one name");
            assertSameMeters(first.meters(), registry.getMeters());
        }
        try (MeterBinding first = TcpClientMetrics.bind(pool, registry, "shared")) {
            assertThrows(IllegalArgumentException.class, () -> TcpClientMetrics.bind(pool, registry, "shared"));
            assertSameMeters(first.meters(), registry.getMeters());
        }
    }

    @Test
    void aNameTakenByAnotherMeterIsRefusedAndThatMeterIsLeftAlone() {
        Counter foreign = registry.counter("tcp.client.errors", "name", "db");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpClientMetrics.bind(client, registry, "db"));
        assertTrue(e.getMessage().contains("tcp.client.errors{name=db}"), e.getMessage());
        assertEquals(List.of(foreign), registry.getMeters());
    }

    @Test
    void aNameTakenUnderAMeterFilterIsRefusedToo() {
        // A renaming filter hides the meters from a search by their own names; the registry then
        // hands back the meters it has, and that is detected too.
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith("app.") ? id : id.withName("app." + id.getName());
            }
        });
        try (MeterBinding first = TcpClientMetrics.bind(client, registry, "db")) {
            assertEquals("app.tcp.client.bytes.read", first.meters().get(0).getId().getName());
            assertThrows(IllegalArgumentException.class, () -> TcpClientMetrics.bind(client, registry, "db"));
            assertSameMeters(first.meters(), registry.getMeters());
        }
        assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
    }

    @Test
    void commonTagsAreAddedAndCloseStillRemovesEverything() {
        registry.config().commonTags("app", "shop");
        try (MeterBinding binding = TcpClientMetrics.bind(client, registry, "db")) {
            for (Meter meter : binding.meters()) {
                assertEquals("shop", meter.getId().getTag("app"));
            }
        }
        assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
    }

    @Test
    void aClientAndAPoolMayShareANameAndAClientMayBeBoundSeveralTimes() {
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (MeterBinding asClient = TcpClientMetrics.bind(client, registry, "db");
             MeterBinding asPool = TcpClientMetrics.bind(pool, registry, "db");
             MeterBinding underAnotherName = TcpClientMetrics.bind(client, registry, "db-primary");
             MeterBinding elsewhere = TcpClientMetrics.bind(client, second, "db")) {
            assertEquals(7 + 6 + 7, registry.getMeters().size());
            assertEquals(7, second.getMeters().size());
        } finally {
            second.close();
        }
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void concurrentBindsOfOneNameRegisterItOnce() throws Exception {
        int threads = 4;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MeterBinding>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(executor.submit(() -> {
                    start.await();
                    return TcpClientMetrics.bind(client, registry, "raced");
                }));
            }
            start.countDown();
            int bound = 0;
            for (Future<MeterBinding> result : results) {
                try {
                    result.get(WAIT.toSeconds(), TimeUnit.SECONDS).close();
                    bound++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof IllegalArgumentException, e.toString());
                }
            }
            assertTrue(bound >= 1, "at least one bind succeeded");
        } finally {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
    }

    @Test
    void countersOfACollectedClientKeepTheirLastValue() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            Dropped<ClientTCP> dropped = bindEchoAndDropClient(server, registry);
            assertTrue(collected(dropped.ref()), "the binding does not keep the client alive");
            assertEquals(5.0, registry.get("tcp.client.bytes.read").functionCounter().count(), "the last value read");
            assertEquals(0.0, registry.get("tcp.client.errors").functionCounter().count());
            assertEquals(7, registry.getMeters().size(), "the meters stay until the binding is closed");
            dropped.binding().close();
            assertTrue(registry.getMeters().isEmpty());
        }
    }

    @Test
    void gaugesOfACollectedPoolReportNaN() throws Exception {
        Dropped<ClientPool> dropped = bindAndDropPool(registry);
        assertTrue(collected(dropped.ref()), "the binding does not keep the pool alive");
        assertTrue(Double.isNaN(registry.get("tcp.client.pool.open").gauge().value()));
        assertEquals(0.0, registry.get("tcp.client.pool.created").functionCounter().count());
        dropped.binding().close();
        assertTrue(registry.getMeters().isEmpty());
    }

    /** An object nothing refers to any more, but for {@code ref} and the meters of {@code binding}. */
    private record Dropped<T>(WeakReference<T> ref, MeterBinding binding) {
    }

    // The two methods below keep the object they drop in a local variable of their own frame: the
    // caller's frame never holds it, so a collection can clear it once they have returned.

    /** Binds a client, echoes 5 bytes, reads the meters once, closes the client and lets go of it. */
    private static Dropped<ClientTCP> bindEchoAndDropClient(TestServer server, MeterRegistry registry)
            throws Exception {
        try (ClientTCP client = ClientTCP.builder(server.address()).connectTimeout(WAIT).build()) {
            MeterBinding binding = TcpClientMetrics.bind(client, registry, "dropped");
            client.connect(WAIT);
            echo(client, 5);
            assertEquals(5.0, registry.get("tcp.client.bytes.read").functionCounter().count());
            return new Dropped<>(new WeakReference<>(client), binding);
        }
    }

    /** Binds a pool that never dialed, closes it and lets go of it. */
    private static Dropped<ClientPool> bindAndDropPool(MeterRegistry registry) {
        try (ClientPool pool = ClientPool.builder(() -> ClientTCP.create(DeadPort.reserve().address())).build()) {
            MeterBinding binding = TcpClientMetrics.bind(pool, registry, "dropped");
            assertEquals(0.0, registry.get("tcp.client.pool.open").gauge().value());
            return new Dropped<>(new WeakReference<>(pool), binding);
        }
    }

    private static void assertNullNamed(String parameter, org.junit.jupiter.api.function.Executable bind) {
        NullPointerException e = assertThrows(NullPointerException.class, bind);
        assertEquals(parameter, e.getMessage());
    }

    private static void assertSameMeters(List<Meter> expected, List<Meter> actual) {
        assertEquals(expected.size(), actual.size(), actual.toString());
        for (Meter meter : expected) {
            assertTrue(actual.stream().anyMatch(m -> m == meter), "missing " + meter.getId());
        }
    }
}
