package tcp.client.api;

import java.util.List;
import java.util.Objects;
import tcp.client.api.internal.ProviderSelector;
import tcp.client.api.spi.TransportProvider;

/**
 * The transports found on the module path and class path, and which one a new client gets.
 *
 * <p>Selection: {@link ClientTCP.Builder#transport(String)}, else the system property
 * {@code tcp.client.transport}, else the available provider with the highest priority (conscrypt
 * where its native library loads, then jdk, then bc), ties broken by name. Providers are found
 * once per JVM. Thread-safe.
 */
public final class Transports {
    /** The system property that names the transport when the builder does not. */
    public static final String PROPERTY = ProviderSelector.PROPERTY;

    private Transports() {
    }

    /** Every transport found, available or not, highest priority first. */
    public static List<TransportInfo> available() {
        return ProviderSelector.providers().stream().map(Transports::info).toList();
    }

    /**
     * The transport a client gets when it names none: the property's, else the best available.
     *
     * @throws NoTransportException when none fits
     */
    public static TransportInfo defaultTransport() {
        return info(ProviderSelector.select(null));
    }

    /**
     * The transport of this name, if it is found and available.
     *
     * @throws NoTransportException if it is missing or unavailable
     */
    public static TransportInfo byName(String name) {
        return info(ProviderSelector.select(Objects.requireNonNull(name, "name")));
    }

    private static TransportInfo info(TransportProvider p) {
        return new TransportInfo(p.name(), p.priority(), p.unavailableReason());
    }
}
