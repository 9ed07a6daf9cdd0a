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
     * Gives the transport of a client. A transport is thread-safe and stateless towards clients:
     * the core applies the socket settings and caches contexts per TLS configuration, so a
     * provider normally hands one instance to every client.
     *
     * @param options the client's socket settings, which the core applies; for information
     * @throws IllegalStateException if the transport is unavailable
     */
    Transport create(TransportOptions options);
}
