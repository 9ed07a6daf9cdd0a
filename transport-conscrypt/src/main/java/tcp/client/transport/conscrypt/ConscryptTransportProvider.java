package tcp.client.transport.conscrypt;

import java.util.Optional;
import org.conscrypt.Conscrypt;
import tcp.client.api.spi.Transport;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;

/**
 * TLS through Conscrypt, Google's Java binding of BoringSSL: native code, the fastest handshakes of
 * the three transports. Priority 200, above the JDK's SunJSSE (100), so that it is chosen by
 * default wherever its native library loads; where it does not (another OS or CPU, a temporary
 * folder that forbids executables), {@link #unavailableReason()} carries the {@link LinkageError}
 * and selection passes over it.
 *
 * <p>Conscrypt is used through a provider object of this transport's own; nothing is installed in
 * {@link java.security.Security}. Limits of Conscrypt 2.5.2, each refused by {@code setTLS} with an
 * {@code IllegalArgumentException} rather than ignored:
 * <ul>
 *   <li>TLS 1.3 cipher suites cannot be restricted: BoringSSL always enables all three. A
 *       {@code cipherSuites} list that names some TLS 1.3 suites must name all of them; a list that
 *       names none leaves TLS 1.3 out, as the JDK does.
 *   <li>Named groups cannot be chosen per connection: Conscrypt always offers x25519, secp256r1
 *       and secp384r1, in that order. {@code namedGroups} must be empty or exactly that list.
 * </ul>
 * Conscrypt sends no SNI for a single-label name other than {@code localhost}
 * ({@code https://github.com/google/conscrypt/blob/2.5.2/common/src/main/java/org/conscrypt/AddressUtils.java}).
 * TLS half-close sends close_notify through Conscrypt's engine, because Conscrypt's own
 * {@code shutdownOutput()} on a layered socket only shuts TCP down.
 *
 * <p>On Java 24 and later, run with {@code --enable-native-access=org.conscrypt} (module path) or
 * {@code --enable-native-access=ALL-UNNAMED} (class path) to silence the JVM's warnings about
 * Conscrypt loading its library. Thread-safe.
 */
public final class ConscryptTransportProvider implements TransportProvider {
    /** The name clients ask for: {@code "conscrypt"}. */
    public static final String NAME = "conscrypt";

    /** Creates the provider; cheap: the native library is probed on first need. */
    public ConscryptTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 200: the highest, so that it is chosen wherever its native library loads. */
    @Override
    public int priority() {
        return 200;
    }

    /**
     * Why Conscrypt cannot work in this JVM, typically the {@link UnsatisfiedLinkError} of its
     * native library; probed once per JVM, on the first call.
     */
    @Override
    public Optional<Throwable> unavailableReason() {
        return Optional.ofNullable(Probe.FAILURE);
    }

    /**
     * The one transport of every client: the core applies the options.
     *
     * @throws IllegalStateException if Conscrypt is unavailable here, with the reason as its cause
     */
    @Override
    public Transport create(TransportOptions options) {
        if (Probe.FAILURE != null) {
            throw new IllegalStateException("transport " + NAME + " is unavailable: Conscrypt's native library did"
                    + " not load: " + Probe.FAILURE, Probe.FAILURE);
        }
        return Shared.TRANSPORT;
    }

    /** Conscrypt's native library, probed once per JVM on first need: the failure, or null. */
    private static final class Probe {
        static final Throwable FAILURE = probe();

        private static Throwable probe() {
            try {
                // Loads the JNI library; throws UnsatisfiedLinkError with every failed attempt
                // attached when none of its names could be loaded.
                Conscrypt.checkAvailability();
                return null;
            } catch (LinkageError | RuntimeException e) {
                // LinkageError also covers a missing jar on the class path (NoClassDefFoundError)
                // and a failed static initialiser.
                return e;
            }
        }
    }

    /**
     * The transport, over a private Conscrypt provider that is never registered in
     * {@code java.security.Security}; touched only after a successful probe.
     */
    private static final class Shared {
        static final Transport TRANSPORT = new ConscryptTransport(Conscrypt.newProvider());
    }
}
