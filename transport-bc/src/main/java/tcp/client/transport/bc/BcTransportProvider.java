package tcp.client.transport.bc;

import java.util.List;
import java.util.Optional;
import tcp.client.api.spi.Transport;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;

/**
 * TLS through Bouncy Castle's JSSE (BCJSSE), pure Java, plus plain TCP. Priority 50, below the
 * JDK's SunJSSE (100): it is chosen when asked for by name ({@code "bc"}) or when it is the only
 * transport on the path.
 *
 * <p><b>No JVM-wide side effects on security.</b> BCJSSE is used as a private provider object
 * ({@code SSLContext.getInstance("TLS", provider)}); nothing is added to
 * {@link java.security.Security}, so {@code Security.getProviders()} is the same before and after.
 *
 * <p><b>Crypto.</b> The system property {@value #CRYPTO_PROPERTY}, read each time a client is
 * created (that is, when its transport is), chooses where BCJSSE does its cryptography:
 * <ul>
 *   <li>{@code jca} (the default): the JDK's own JCA providers, as installed in this JVM (SunJCE,
 *       SunEC, ...), with their AES-NI and other intrinsics. Nothing is installed: BCJSSE looks
 *       the algorithms up through the standard {@code Cipher.getInstance(...)} lookups. About ten
 *       times the throughput of the other choice. RSASSA-PSS signatures (the {@code rsa_pss_*}
 *       schemes, which TLS 1.3 requires for RSA keys) are asked for by the JDK's name
 *       {@code RSASSA-PSS}; BCJSSE's own JCA crypto uses names only Bouncy Castle's provider
 *       knows, and would leave them out of the handshake.</li>
 *   <li>{@code bc}: Bouncy Castle's own pure-Java implementations, through a private
 *       {@code BouncyCastleProvider} object (not installed either), with its own
 *       {@code DEFAULT} random source. For applications that must not depend on the JDK's crypto
 *       providers, or need algorithms they lack (ML-KEM key exchange on Java 17, say). Creating
 *       that provider costs about a second, once per JVM.</li>
 * </ul>
 * Any other value makes {@link #create} throw {@link IllegalArgumentException}. In both cases the
 * server's certificate path is validated by the JDK's PKIX implementation, as on every transport.
 *
 * <p><b>Logging.</b> BCJSSE logs through {@code java.util.logging}: an INFO line for every
 * connection and every alert, a WARNING with a stack trace whenever the socket fails under a
 * handshake (a cancelled connect, say), and, once per JVM, WARNING lines about entries of
 * {@code jdk.tls.disabledAlgorithms} and {@code jdk.certpath.disabledAlgorithms} that it cannot
 * parse. So that a library does not make its users' logs noisy, the first client of this
 * transport sets the levels of three of Bouncy Castle's own loggers: {@code org.bouncycastle.jsse}
 * to WARNING, {@code org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints} and
 * {@code org.bouncycastle.jsse.provider.ProvTlsClient} to SEVERE; each only if no level is
 * configured for it or for a logger between it and the root. A level set in
 * {@code logging.properties}, or by code before the first client is created, wins; the root logger
 * and handlers are never touched. What is hidden is either thrown to the caller anyway or
 * irrelevant here (the certpath entries are applied by the JDK's PKIX validation this SDK uses).
 * Still shown: BCJSSE's warnings about invalid {@code jdk.tls.*} system properties.
 *
 * <p><b>Settings.</b> Versions, cipher suites, named groups (per connection, on every Java
 * version), ALPN, client key pairs, SNI and server verification behave as on the other transports.
 * BCJSSE's client never offers session tickets (no {@code session_ticket} extension, no TLS 1.3
 * PSK modes), so {@code sessionTicketsDisabled} holds whatever its value. TLS half-close is not
 * supported: BCJSSE's {@code shutdownOutput()} sends a bare TCP FIN without close_notify, so
 * {@code ClientTCP.shutdownOutput()} on a TLS connection throws
 * {@link UnsupportedOperationException}; over plain TCP it works. Handshake failures are
 * {@link javax.net.ssl.SSLHandshakeException}s as on the other transports; a TLS alert after the
 * handshake surfaces as Bouncy Castle's own {@code IOException} subtype
 * ({@code org.bouncycastle.tls.TlsFatalAlertReceived}). Over {@code jca} crypto the
 * ChaCha20-Poly1305 suites are unavailable (BCJSSE looks for algorithm names that the JDK's
 * providers do not use): naming one in {@code cipherSuites} is refused by {@code setTLS}, and the
 * default suites simply go without it.
 *
 * <p>Thread-safe.
 */
public final class BcTransportProvider implements TransportProvider {
    /** The name clients ask for: {@code "bc"}. */
    public static final String NAME = "bc";
    /** The system property that chooses the crypto: {@code jca} (default) or {@code bc}. */
    public static final String CRYPTO_PROPERTY = "tcp.client.bc.crypto";

    /** Creates the provider; cheap: Bouncy Castle is touched only when a client is created. */
    public BcTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 50: below the JDK's SunJSSE, so chosen by name or when it is the only transport. */
    @Override
    public int priority() {
        return 50;
    }

    /** Unavailable when a Bouncy Castle jar is missing from the class path; says which. */
    @Override
    public Optional<Throwable> unavailableReason() {
        return Availability.REASON;
    }

    /**
     * Gives the transport of a client, with the crypto that {@value #CRYPTO_PROPERTY} names now:
     * one shared instance per crypto (the core applies the options).
     *
     * @throws IllegalArgumentException if the property names no known crypto
     * @throws IllegalStateException if the Bouncy Castle jars are missing or broken
     */
    @Override
    public Transport create(TransportOptions options) {
        if (Availability.REASON.isPresent()) {
            throw new IllegalStateException("transport " + NAME + " is unavailable: "
                    + Availability.REASON.get(), Availability.REASON.get());
        }
        // Touched only once the Bouncy Castle classes are known to load; builds no provider object.
        return BcTransport.fromProperty(System.getProperty(CRYPTO_PROPERTY));
    }

    /** Whether Bouncy Castle's classes load, probed once on first use. */
    private static final class Availability {
        static final Optional<Throwable> REASON = probe();

        private static Optional<Throwable> probe() {
            ClassLoader loader = BcTransportProvider.class.getClassLoader();
            // On the module path the module system already guarantees these; on the class path a
            // missing jar shows up only here.
            for (String name : List.of("org.bouncycastle.jsse.provider.BouncyCastleJsseProvider", // bctls
                    "org.bouncycastle.asn1.cms.GCMParameters", // bcutil
                    "org.bouncycastle.jce.provider.BouncyCastleProvider")) { // bcprov
                try {
                    Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    return Optional.of(new IllegalStateException("Bouncy Castle class " + name
                            + " cannot be loaded; put bctls-jdk18on, bcprov-jdk18on and bcutil-jdk18on 1.84"
                            + " next to tcp-client-transport-bc", e));
                }
            }
            return Optional.empty();
        }
    }
}
