package tcp.client.api.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.StringJoiner;
import tcp.client.api.NoTransportException;
import tcp.client.api.spi.TransportProvider;

/**
 * Finds the transports on the path and chooses one: by name, else by the system property
 * {@value #PROPERTY}, else the available one with the highest priority, ties broken by name.
 * ServiceLoader's order is never used to choose.
 */
public final class ProviderSelector {
    /** The system property that names the transport when the builder does not. */
    public static final String PROPERTY = "tcp.client.transport";
    private static final String KNOWN_MODULES =
            "tcp.client.transport.jdk (the JDK's own TLS), tcp.client.transport.conscrypt (BoringSSL)"
            + " or tcp.client.transport.bc (Bouncy Castle)";

    private ProviderSelector() {
    }

    private static final class Found {
        static final Found INSTANCE = load();
        final List<TransportProvider> providers;
        final List<Throwable> broken;

        Found(List<TransportProvider> providers, List<Throwable> broken) {
            this.providers = providers;
            this.broken = broken;
        }

        static Found load() {
            List<TransportProvider> providers = new ArrayList<>();
            List<Throwable> broken = new ArrayList<>();
            ServiceLoader<TransportProvider> loader =
                    ServiceLoader.load(TransportProvider.class, TransportProvider.class.getClassLoader());
            Iterator<TransportProvider> it = loader.iterator();
            // One broken jar must not hide the others: catch per provider and go on.
            for (int guard = 0; guard < 1000; guard++) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    TransportProvider p = it.next();
                    if (providers.stream().noneMatch(q -> q.name().equals(p.name()))) {
                        providers.add(p);
                    }
                } catch (ServiceConfigurationError e) {
                    broken.add(e);
                }
            }
            providers.sort(Comparator.comparingInt(TransportProvider::priority).reversed()
                    .thenComparing(TransportProvider::name));
            return new Found(List.copyOf(providers), List.copyOf(broken));
        }
    }

    /** Every provider found, highest priority first. */
    public static List<TransportProvider> providers() {
        return Found.INSTANCE.providers;
    }

    /**
     * Chooses the provider for a new client.
     *
     * @param requested the builder's name, or null
     * @throws NoTransportException when none fits
     */
    public static TransportProvider select(String requested) {
        String name = requested;
        String source = "asked for";
        if (name == null) {
            String property = System.getProperty(PROPERTY);
            if (property != null && !property.isBlank()) {
                name = property.trim();
                source = "named by -D" + PROPERTY;
            }
        }
        Found found = Found.INSTANCE;
        if (name != null) {
            for (TransportProvider p : found.providers) {
                if (p.name().equals(name)) {
                    Optional<Throwable> reason = p.unavailableReason();
                    if (reason.isEmpty()) {
                        return p;
                    }
                    NoTransportException e = new NoTransportException("transport \"" + name + "\" (" + source
                            + ") is unavailable here: " + reason.get() + "; found: " + describe(found));
                    e.addSuppressed(reason.get());
                    throw e;
                }
            }
            throw failure("transport \"" + name + "\" (" + source + ") was not found; found: " + describe(found)
                    + ". Add the module tcp.client.transport." + name + " to the module path or class path", found);
        }
        for (TransportProvider p : found.providers) {
            if (p.unavailableReason().isEmpty()) {
                return p;
            }
        }
        if (found.providers.isEmpty()) {
            throw failure("no transport found" + (found.broken.isEmpty() ? "" : " that loads")
                    + ": add " + KNOWN_MODULES + " to the module path or class path", found);
        }
        throw failure("no transport is available here; found: " + describe(found)
                + ". Add tcp.client.transport.jdk, which works on every JDK", found);
    }

    private static NoTransportException failure(String message, Found found) {
        NoTransportException e = new NoTransportException(message);
        for (TransportProvider p : found.providers) {
            p.unavailableReason().ifPresent(e::addSuppressed);
        }
        found.broken.forEach(e::addSuppressed);
        return e;
    }

    private static String describe(Found found) {
        if (found.providers.isEmpty() && found.broken.isEmpty()) {
            return "none";
        }
        StringJoiner j = new StringJoiner(", ");
        for (TransportProvider p : found.providers) {
            Optional<Throwable> reason = p.unavailableReason();
            j.add(p.name() + " (priority " + p.priority() + ", "
                    + (reason.isEmpty() ? "available" : "unavailable: " + reason.get()) + ")");
        }
        for (Throwable b : found.broken) {
            j.add("a provider that failed to load (" + b.getMessage() + ")");
        }
        return j.toString();
    }
}
