package tcp.client.bench;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.conscrypt.Conscrypt;
import tcp.client.testkit.TestPki;

/**
 * The raw sides' TLS: each provider's own {@link SSLContext}, built from the same provider objects
 * as the SDK's transports build theirs, trusting the test root through the JDK's PKIX trust
 * manager (which every transport also delegates to) and checking the host name with JSSE's own
 * endpoint identification ({@code "HTTPS"}), so both sides verify the server fully.
 *
 * <ul>
 *   <li>jdk: SunJSSE, the JDK's installed provider object.</li>
 *   <li>conscrypt: one private {@code Conscrypt.newProvider()} per JVM, engine socket (as the
 *       transport), and the auth-type translation that the JDK's PKIX trust manager needs under
 *       BoringSSL's TLS 1.3 (google/conscrypt#1033), as the transport does.</li>
 *   <li>bc: one private {@code new BouncyCastleJsseProvider(false, new JcaTlsCryptoProvider())} per
 *       JVM with an explicit {@code new SecureRandom()}: the transport's default ("jca") crypto.</li>
 * </ul>
 */
final class RawTls {
    private RawTls() {
    }

    /** Built on first use, once per JVM, as the transports build theirs. */
    private static final class ConscryptHolder {
        static final Provider PROVIDER = Conscrypt.newProvider();
    }

    /** Built on first use, once per JVM, as transport-bc's "jca" crypto choice builds its own. */
    private static final class BcHolder {
        static final SecureRandom RANDOM = new SecureRandom();
        static final Provider JSSE = new BouncyCastleJsseProvider(false, new JcaTlsCryptoProvider());
    }

    /**
     * Gives BCJSSE's {@code java.util.logging} loggers the levels that transport-bc gives them on
     * its first client, before either side runs, so that the raw side does not pay for an INFO line
     * per connection that the SDK side does not write. The transport sees the levels set and
     * leaves them. Held strongly: {@code LogManager} keeps loggers weakly.
     */
    private static final Logger[] BC_LOGGERS = {
        Logger.getLogger("org.bouncycastle.jsse"),
        Logger.getLogger("org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints"),
        Logger.getLogger("org.bouncycastle.jsse.provider.ProvTlsClient"),
    };

    /** Applies the logging levels; see {@link #BC_LOGGERS}. Idempotent. */
    static void quietBouncyCastleLogging() {
        BC_LOGGERS[0].setLevel(Level.WARNING);
        BC_LOGGERS[1].setLevel(Level.SEVERE);
        BC_LOGGERS[2].setLevel(Level.SEVERE);
    }

    /** Whether the provider works in this JVM (Conscrypt's native library loads). */
    static boolean available(Stack stack) {
        return stack != Stack.CONSCRYPT || Conscrypt.isAvailable();
    }

    /**
     * A new client context of the stack's provider, trusting {@code root}. A new context has an
     * empty session cache: its first handshake is a full one.
     */
    static SSLContext newContext(Stack stack, X509Certificate root) throws GeneralSecurityException {
        return newContext(stack, root, null);
    }

    /** Conscrypt's provider object of this JVM (the raw sides' and the fast server fallback's). */
    static Provider conscryptProvider() {
        return ConscryptHolder.PROVIDER;
    }

    /**
     * {@link #newContext(Stack, X509Certificate)} whose trust manager counts the server chains it
     * checks in {@code verifications} (when not null): a handshake that checked none resumed a
     * session, the same test the SDK makes for {@code TlsSessionInfo.resumed()}.
     */
    static SSLContext newContext(Stack stack, X509Certificate root, java.util.concurrent.atomic.AtomicLong verifications)
            throws GeneralSecurityException {
        TrustManager[] trust = pkixTrust(root);
        if (verifications != null) {
            trust = new TrustManager[] {new Counting((X509ExtendedTrustManager) trust[0], verifications)};
        }
        SSLContext context;
        switch (stack) {
            case JDK -> {
                context = SSLContext.getInstance("TLS", Security.getProvider("SunJSSE"));
                context.init(null, trust, null);
            }
            case CONSCRYPT -> {
                context = SSLContext.getInstance("TLS", ConscryptHolder.PROVIDER);
                context.init(null, new TrustManager[] {new Tls13AuthType((X509ExtendedTrustManager) trust[0])}, null);
            }
            case BC -> {
                context = SSLContext.getInstance("TLS", BcHolder.JSSE);
                context.init(null, trust, BcHolder.RANDOM);
            }
            default -> throw new IllegalArgumentException("no TLS for " + stack);
        }
        return context;
    }

    /** The context's socket factory, set up as the stack's transport sets its own. */
    static SSLSocketFactory socketFactory(Stack stack, SSLContext context) {
        SSLSocketFactory factory = context.getSocketFactory();
        if (stack == Stack.CONSCRYPT) {
            Conscrypt.setUseEngineSocket(factory, true);
        }
        return factory;
    }

    private static TrustManager[] pkixTrust(X509Certificate root) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        KeyStore anchors = TestPki.trustStore(root);
        factory.init(anchors);
        return factory.getTrustManagers();
    }

    /** A trust manager that counts the server chains it checks, then delegates. */
    private static final class Counting extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager next;
        private final java.util.concurrent.atomic.AtomicLong count;

        Counting(X509ExtendedTrustManager next, java.util.concurrent.atomic.AtomicLong count) {
            this.next = next;
            this.count = count;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            count.incrementAndGet();
            next.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            count.incrementAndGet();
            next.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            count.incrementAndGet();
            next.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            next.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            next.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            next.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return next.getAcceptedIssuers();
        }
    }

    /**
     * The JDK's PKIX trust manager, told the JDK's name for TLS 1.3 ({@code "UNKNOWN"}) where
     * BoringSSL passes {@code "GENERIC"}, which the JDK refuses for certificates with a key usage.
     */
    private static final class Tls13AuthType extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager jdk;

        Tls13AuthType(X509ExtendedTrustManager jdk) {
            this.jdk = jdk;
        }

        private static String jdkName(String authType) {
            return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            jdk.checkServerTrusted(chain, jdkName(authType), socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            jdk.checkServerTrusted(chain, jdkName(authType), engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkServerTrusted(chain, jdkName(authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            jdk.checkClientTrusted(chain, jdkName(authType), socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            jdk.checkClientTrusted(chain, jdkName(authType), engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkClientTrusted(chain, jdkName(authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }
}
