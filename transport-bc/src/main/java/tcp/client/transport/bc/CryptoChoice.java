package tcp.client.transport.bc;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * Where BCJSSE does its cryptography: the JDK's JCA providers or Bouncy Castle's pure-Java ones.
 * Each choice builds its private provider objects once per JVM, on first use, and never installs
 * them.
 */
enum CryptoChoice {
    /**
     * The JCA providers installed in this JVM (SunJCE, SunEC, ...), as BCJSSE's own default does,
     * except that RSASSA-PSS is asked for by the JDK's name ({@link JdkTlsCryptoProvider}).
     */
    JCA("jca"),
    /** A private {@code BouncyCastleProvider}: pure Java, about a tenth of the throughput. */
    BC("bc");

    private final String value;

    CryptoChoice(String value) {
        this.value = value;
    }

    /**
     * Parses the value of {@link BcTransportProvider#CRYPTO_PROPERTY}.
     *
     * @param property the value, or null for the default
     * @throws IllegalArgumentException naming the value if it is neither {@code jca} nor {@code bc}
     */
    static CryptoChoice fromProperty(String property) {
        if (property == null || property.isBlank()) {
            return JCA;
        }
        String v = property.trim().toLowerCase(Locale.ROOT);
        for (CryptoChoice c : values()) {
            if (c.value.equals(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("invalid " + BcTransportProvider.CRYPTO_PROPERTY + " \"" + property
                + "\": expected jca (the default, the JDK's crypto) or bc (Bouncy Castle's pure-Java crypto)");
    }

    /** The value as the property spells it. */
    String value() {
        return value;
    }

    /** The private BCJSSE provider of this choice. */
    Provider jsseProvider() {
        return this == JCA ? JcaHolder.JSSE : BcHolder.JSSE;
    }

    /**
     * The random source handed to {@code SSLContext.init}; BCJSSE over JCA crypto requires one
     * ("DEFAULT SecureRandom not available" otherwise).
     */
    SecureRandom random() {
        return this == JCA ? JcaHolder.RANDOM : BcHolder.RANDOM;
    }

    /** The crypto BCJSSE uses, for asking which named groups it can compute. */
    TlsCrypto tlsCrypto() {
        return this == JCA ? JcaHolder.CRYPTO : BcHolder.CRYPTO;
    }

    private static final class JcaHolder {
        static {
            QuietLogging.apply();
        }

        static final SecureRandom RANDOM = new SecureRandom();
        // Not BouncyCastleJsseProvider(): that constructor reads the org.bouncycastle.jsse.config
        // property, which could switch this transport to another crypto behind our back. Not a
        // plain JcaTlsCryptoProvider either: over the JDK's providers its RSASSA-PSS lookups fail,
        // which leaves every rsa_pss_* scheme out of the handshake (see JdkTlsCryptoProvider).
        static final Provider JSSE = new BouncyCastleJsseProvider(false, new JdkTlsCryptoProvider());
        static final TlsCrypto CRYPTO = new JdkTlsCryptoProvider().create(RANDOM);
    }

    private static final class BcHolder {
        static {
            QuietLogging.apply();
        }

        static final Provider JCE = new BouncyCastleProvider();
        static final SecureRandom RANDOM = bcRandom();
        static final Provider JSSE = new BouncyCastleJsseProvider(false, new JcaTlsCryptoProvider().setProvider(JCE));
        static final TlsCrypto CRYPTO = new JcaTlsCryptoProvider().setProvider(JCE).create(RANDOM);

        private static SecureRandom bcRandom() {
            try {
                return SecureRandom.getInstance("DEFAULT", JCE);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Bouncy Castle's provider has no DEFAULT SecureRandom", e);
            }
        }
    }
}
