package tcp.client.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import tcp.client.api.ClientStats;
import tcp.client.api.ClientTCP;
import tcp.client.pool.ClientPool;
import tcp.client.pool.PoolStats;

/**
 * Registers Micrometer meters that read a {@link ClientTCP}'s or a {@link ClientPool}'s own
 * counters.
 *
 * <pre>{@code
 * MeterRegistry registry = ...;
 * ClientTCP client = ClientTCP.create("db.example:5432");
 * MeterBinding metrics = TcpClientMetrics.bind(client, registry, "orders-db");
 * ...
 * client.close();
 * metrics.close();   // removes the client's meters from the registry
 * }</pre>
 *
 * <p>Every meter is a function of {@link ClientTCP#stats()} or {@link ClientPool#stats()}: nothing
 * wraps the client or its streams, so the read and write path costs exactly what it costs without
 * metrics. Each time the registry reads a meter it takes one stats snapshot (a pool's under the
 * pool's lock). Every meter is tagged {@code name} with the name given to {@code bind}; a client's
 * meters are also tagged {@code transport} with {@link ClientTCP#transport()}.
 *
 * <p>Meters of a client (function counters):
 * <ul>
 *   <li>{@code tcp.client.bytes.read}, {@code tcp.client.bytes.written}: application bytes, base
 *       unit {@code bytes} ({@link ClientStats#bytesRead()}, {@link ClientStats#bytesWritten()})
 *   <li>{@code tcp.client.connects}: connections established, reconnections included
 *   <li>{@code tcp.client.reconnects}: connections a reconnect policy established
 *   <li>{@code tcp.client.errors}: errors the client reported
 *   <li>{@code tcp.client.events.dropped}: READ and WRITE events the info callback did not get
 * </ul>
 *
 * <p>Meters of a pool, from {@link PoolStats}: the gauges {@code tcp.client.pool.open},
 * {@code tcp.client.pool.idle}, {@code tcp.client.pool.leased} and {@code tcp.client.pool.waiting},
 * and the function counters {@code tcp.client.pool.created} and {@code tcp.client.pool.closed}.
 *
 * <p>The meters hold the client or pool through weak references, as Micrometer's function-based
 * meters do: binding does not keep anything alive. If the client or pool is garbage collected
 * while still bound, its counters go on reporting the last value they read and the pool's gauges
 * report {@code NaN}, until the binding is closed. A closed client or pool is still readable, so
 * its meters keep their final values until then.
 *
 * <p>A name identifies one client, or one pool, in a registry: binding a name that the registry
 * already has client meters (or pool meters) for throws {@link IllegalArgumentException} and
 * registers nothing. Micrometer itself would hand back the meters already registered, which would
 * go on reading the first client while the second went unmeasured. A client and a pool may share
 * a name, and one client may be bound to several registries or under several names.
 *
 * <p>This class is thread-safe.
 */
public final class TcpClientMetrics {
    private static final String NAME_TAG = "name";
    private static final String TRANSPORT_TAG = "transport";
    private static final String HANDSHAKE_TIMER = "tcp.client.handshake";

    // The value functions take their object as an argument and capture nothing, so the meters
    // reference the client or pool only through Micrometer's weak reference.
    private static final List<Reading<ClientTCP>> CLIENT_COUNTERS = List.of(
            new Reading<>("tcp.client.bytes.read", "Application bytes that reads returned",
                    BaseUnits.BYTES, client -> client.stats().bytesRead()),
            new Reading<>("tcp.client.bytes.written", "Application bytes that writes accepted",
                    BaseUnits.BYTES, client -> client.stats().bytesWritten()),
            new Reading<>("tcp.client.connects", "Connections established, reconnections included",
                    null, client -> client.stats().connects()),
            new Reading<>("tcp.client.reconnects", "Connections a reconnect policy established",
                    null, client -> client.stats().reconnects()),
            new Reading<>("tcp.client.errors", "Errors the client reported: failed connects, reads"
                    + " and writes, reconnections given up", null, client -> client.stats().errors()),
            new Reading<>("tcp.client.events.dropped", "READ and WRITE events the info callback did"
                    + " not get because its queue was full", null, client -> client.stats().droppedEvents()));

    private static final List<Reading<ClientPool>> POOL_GAUGES = List.of(
            new Reading<>("tcp.client.pool.open", "Connected clients the pool owns, idle or leased",
                    null, pool -> pool.stats().open()),
            new Reading<>("tcp.client.pool.idle", "Connected clients waiting to be borrowed",
                    null, pool -> pool.stats().idle()),
            new Reading<>("tcp.client.pool.leased", "Clients currently lent out",
                    null, pool -> pool.stats().leased()),
            new Reading<>("tcp.client.pool.waiting", "Threads waiting to borrow a client",
                    null, pool -> pool.stats().waiting()));

    private static final List<Reading<ClientPool>> POOL_COUNTERS = List.of(
            new Reading<>("tcp.client.pool.created", "Clients the pool has connected",
                    null, pool -> pool.stats().created()),
            new Reading<>("tcp.client.pool.closed", "Clients the pool has closed",
                    null, pool -> pool.stats().closed()));

    private TcpClientMetrics() {
    }

    /**
     * Registers the client meters listed above for {@code client}, tagged {@code name} and
     * {@code transport}.
     *
     * @param client the client to measure; it may be connected or not, and is not kept alive
     * @param registry where to register the meters
     * @param name the value of the {@code name} tag, naming this client among the others
     * @return the binding, whose {@code close()} removes the meters from {@code registry}
     * @throws IllegalArgumentException if {@code name} is empty or blank, or if {@code registry}
     *     already has client meters tagged with this name
     */
    public static MeterBinding bind(ClientTCP client, MeterRegistry registry, String name) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(registry, "registry");
        checkName(name);
        Tags tags = Tags.of(NAME_TAG, name, TRANSPORT_TAG, client.transport());
        return register(client, registry, name, tags, List.of(), CLIENT_COUNTERS, true);
    }

    /**
     * Registers the pool meters listed above for {@code pool}, tagged {@code name}.
     *
     * @param pool the pool to measure; it is not kept alive
     * @param registry where to register the meters
     * @param name the value of the {@code name} tag, naming this pool among the others
     * @return the binding, whose {@code close()} removes the meters from {@code registry}
     * @throws IllegalArgumentException if {@code name} is empty or blank, or if {@code registry}
     *     already has pool meters tagged with this name
     */
    public static MeterBinding bind(ClientPool pool, MeterRegistry registry, String name) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(registry, "registry");
        checkName(name);
        return register(pool, registry, name, Tags.of(NAME_TAG, name), POOL_GAUGES, POOL_COUNTERS, false);
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("invalid name \"" + name + "\": it must not be empty or blank");
        }
    }

    private static <T> MeterBinding register(T source, MeterRegistry registry, String name, Tags tags,
                                             List<Reading<T>> gauges, List<Reading<T>> counters,
                                             boolean handshakeTimer) {
        synchronized (MeterBinding.REGISTRATION) {
            List<Reading<T>> all = new ArrayList<>(gauges);
            all.addAll(counters);
            List<String> names = new ArrayList<>();
            for (Reading<T> reading : all) {
                names.add(reading.name());
            }
            if (handshakeTimer) {
                names.add(HANDSHAKE_TIMER);
            }
            for (String meterName : names) {
                List<Meter> taken = List.copyOf(registry.find(meterName).tag(NAME_TAG, name).meters());
                if (!taken.isEmpty()) {
                    throw alreadyBound(name, taken.get(0));
                }
            }
            // A meter filter may rename meters, which the search above would miss: any meter that
            // the registry hands back and had before is also one registered under this name.
            Set<Meter> before = Collections.newSetFromMap(new IdentityHashMap<>());
            before.addAll(registry.getMeters());
            List<Meter> added = new ArrayList<>(all.size());
            try {
                for (Reading<T> reading : gauges) {
                    added.add(checkNew(before, name, Gauge.builder(reading.name(), source, reading.value())
                            .tags(tags)
                            .description(reading.description())
                            .baseUnit(reading.baseUnit())
                            .register(registry)));
                }
                for (Reading<T> reading : counters) {
                    added.add(checkNew(before, name, FunctionCounter.builder(reading.name(), source, reading.value())
                            .tags(tags)
                            .description(reading.description())
                            .baseUnit(reading.baseUnit())
                            .register(registry)));
                }
                if (handshakeTimer) {
                    ClientTCP client = (ClientTCP) source;
                    added.add(checkNew(before, name, FunctionTimer.builder(HANDSHAKE_TIMER, client,
                                    c -> c.stats().handshakes(), c -> c.stats().handshakeNanos(), TimeUnit.NANOSECONDS)
                            .tags(tags)
                            .description("TLS handshakes completed and the time they took")
                            .register(registry)));
                }
            } catch (RuntimeException | Error e) {
                for (Meter meter : added) {
                    registry.remove(meter);
                }
                throw e;
            }
            return new MeterBinding(registry, tags, added);
        }
    }

    private static Meter checkNew(Set<Meter> before, String name, Meter meter) {
        if (before.contains(meter)) {
            throw alreadyBound(name, meter);
        }
        return meter;
    }

    private static IllegalArgumentException alreadyBound(String name, Meter existing) {
        return new IllegalArgumentException("name \"" + name + "\" is already bound in this registry: "
                + MeterBinding.describe(existing.getId()) + " exists; close that binding or choose another name");
    }

    /** One meter to register: its name, description, base unit (null for none) and value. */
    private record Reading<T>(String name, String description, String baseUnit, ToDoubleFunction<T> value) {
    }
}
