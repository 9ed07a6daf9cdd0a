package tcp.client.testkit;

import java.security.Provider;
import java.security.SecureRandom;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * Bouncy Castle providers held as private objects, created on first use and never registered with
 * {@link java.security.Security}.
 *
 * <p>Thread-safe: each provider is created once (class-holder idiom) and providers are thread-safe.
 */
final class PrivateProviders {

    private PrivateProviders() {
    }

    private static final class Jce {
        static final Provider INSTANCE = new BouncyCastleProvider();
    }

    private static final class Jsse {
        // BCJSSE over BC's own JCE provider: its crypto does not go through the JDK's providers.
        static final Provider INSTANCE = new BouncyCastleJsseProvider(Jce.INSTANCE);
    }

    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** The private Bouncy Castle JCE provider. */
    static Provider bouncyCastle() {
        return Jce.INSTANCE;
    }

    /** The private Bouncy Castle JSSE provider, using {@link #bouncyCastle()} for its crypto. */
    static Provider bouncyCastleJsse() {
        return Jsse.INSTANCE;
    }

    /** A shared {@link SecureRandom}; BCJSSE needs one passed explicitly. */
    static SecureRandom random() {
        return Random.INSTANCE;
    }
}
