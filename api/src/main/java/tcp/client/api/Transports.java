package tcp.client.api;

import java.util.List;
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

    /**
     * Every transport found, available or not ({@link TransportProvider#unavailableReason()}
     * tells), highest priority first.
     */
    public static List<TransportProvider> available() {
        return ProviderSelector.providers();
    }

    /**
     * The transport a client gets when it names none: the property's, else the best available.
     *
     * @throws NoTransportException when none fits
     */
    public static TransportProvider defaultProvider() {
        return ProviderSelector.select(null);
    }

    /**
     * The transport of this name.
     *
     * @throws NoTransportException if it is missing or unavailable
     */
    public static TransportProvider byName(String name) {
        return ProviderSelector.select(java.util.Objects.requireNonNull(name, "name"));
    }
}
