package tcp.client.api.spi;

import java.util.Optional;

/**
 * A TLS implementation that clients can use, found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations have a public no-argument constructor that does no expensive work (probe
 * native code lazily, once, in {@link #unavailableReason()}) and are thread-safe.
 */
public interface TransportProvider {
    /** A unique lower-case name, such as {@code "jdk"}, {@code "conscrypt"} or {@code "bc"}. */
    String name();

    /** Higher wins when no transport is asked for by name; ties are broken by name. */
    int priority();

    /**
     * Why this transport cannot work in this JVM (a native library that did not load, say), or
     * empty when it can. Called more than once: compute it once and keep it.
     */
    Optional<Throwable> unavailableReason();

    /**
     * Gives the transport of one client. A transport is thread-safe and a client never changes its
     * settings, so a provider may hand one instance to every client with equal options instead of
     * creating one per client (the bundled providers share one for {@link TransportOptions#DEFAULTS},
     * which is what clients built with the default settings pass).
     *
     * @param options the client's socket settings, fixed for its life
     * @throws IllegalStateException if the transport is unavailable
     */
    Transport create(TransportOptions options);
}
