package tcp.client.transport.conscrypt;

import java.security.Provider;
import java.util.Optional;
import org.conscrypt.Conscrypt;

/**
 * Conscrypt's native library, probed once per JVM, and the private {@link Provider} built on it.
 *
 * <p>Nothing here runs before it is needed: the probe runs on the first
 * {@link #unavailableReason()} and the provider is built on the first {@link #provider()}, each in
 * a class holder, so the JVM does it once and safely. Thread-safe.
 */
final class NativeConscrypt {
    private NativeConscrypt() {
    }

    /** Holds the probe's failure, null when the library loaded. */
    private static final class Probe {
        static final Throwable FAILURE = probe();

        private static Throwable probe() {
            try {
                // Loads the JNI library on first use; throws UnsatisfiedLinkError with every failed
                // attempt attached when none of its names could be loaded.
                Conscrypt.checkAvailability();
                return null;
            } catch (LinkageError | RuntimeException e) {
                // LinkageError covers a missing jar on the class path (NoClassDefFoundError), an
                // unloadable library (UnsatisfiedLinkError) and a failed static initialiser.
                return e;
            }
        }
    }

    /** Touched only after a successful probe. */
    private static final class Holder {
        /** Never registered in {@code java.security.Security}: used only through this object. */
        static final Provider PROVIDER = Conscrypt.newProvider();
    }

    /** Why Conscrypt cannot be used in this JVM, or empty when it can. */
    static Optional<Throwable> unavailableReason() {
        return Optional.ofNullable(Probe.FAILURE);
    }

    /**
     * The private Conscrypt provider.
     *
     * @throws IllegalStateException if the native library did not load; its failure is the cause
     */
    static Provider provider() {
        Throwable failure = Probe.FAILURE;
        if (failure != null) {
            throw new IllegalStateException("transport " + ConscryptTransportProvider.NAME
                    + " is unavailable: Conscrypt's native library did not load: " + failure, failure);
        }
        return Holder.PROVIDER;
    }
}
