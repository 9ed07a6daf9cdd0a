package tcp.client.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A transport found on the path, as {@link Transports} lists it: what it is called, how it ranks
 * and whether it works in this JVM. A description only; clients choose a transport by its name
 * ({@link ClientTCP.Builder#transport(String)}).
 *
 * @param name the unique lower-case name, such as {@code "jdk"}
 * @param priority higher wins when no transport is named
 * @param unavailableReason why it cannot work here (a native library that did not load, say),
 *     empty when it can
 */
public record TransportInfo(String name, int priority, Optional<Throwable> unavailableReason) {
    /** Checks that no component is null. */
    public TransportInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unavailableReason, "unavailableReason");
    }

    /** Whether the transport can be used in this JVM. */
    public boolean available() {
        return unavailableReason.isEmpty();
    }
}
