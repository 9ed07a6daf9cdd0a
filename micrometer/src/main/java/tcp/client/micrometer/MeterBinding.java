package tcp.client.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The meters that one {@link TcpClientMetrics} {@code bind} call registered in one registry; its
 * {@link #close()} removes them.
 *
 * <p>{@code bind} returns this rather than nothing because meters outlive what they measure: a
 * registry keeps a meter until it is removed, and Micrometer keeps only a weak reference to the
 * client or pool, so nothing else would ever remove the meters of a client that has been closed
 * and dropped, and its name could not be bound again. Close the binding when the client or pool
 * is closed, or keep it open to go on reporting the final counts.
 *
 * <p>This class is thread-safe.
 */
public final class MeterBinding implements AutoCloseable {
    /** Held while a binding registers or removes meters, so a name is checked and taken at once. */
    static final Object REGISTRATION = new Object();

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters;
    private boolean closed; // guarded by REGISTRATION

    MeterBinding(MeterRegistry registry, Tags tags, List<Meter> meters) {
        this.registry = registry;
        this.tags = tags;
        this.meters = List.copyOf(meters);
    }

    /**
     * The meters this binding registered, in registration order; after {@link #close()}, the
     * meters it removed.
     *
     * @return an unmodifiable list
     */
    public List<Meter> meters() {
        return meters;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once the meters have been removed
     */
    public boolean isClosed() {
        synchronized (REGISTRATION) {
            return closed;
        }
    }

    /**
     * Removes this binding's meters from the registry; the name can then be bound again. Calling
     * it again does nothing. The client or pool itself is not closed.
     */
    @Override
    public void close() {
        synchronized (REGISTRATION) {
            if (closed) {
                return;
            }
            closed = true;
            for (Meter meter : meters) {
                registry.remove(meter);
            }
        }
    }

    @Override
    public String toString() {
        return "MeterBinding" + describeTags(tags) + "[" + meters.size() + " meters, "
                + (isClosed() ? "closed" : "registered") + "]";
    }

    /** {@code tcp.client.connects{name=orders,transport=jdk}}. */
    static String describe(Meter.Id id) {
        return id.getName() + describeTags(id.getTagsAsIterable());
    }

    private static String describeTags(Iterable<Tag> tags) {
        return Tags.of(tags).stream()
                .map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
