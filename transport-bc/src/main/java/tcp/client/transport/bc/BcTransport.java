package tcp.client.transport.bc;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import tcp.client.api.spi.TlsContext;
import tcp.client.api.spi.TlsContext.PerConnection;
import tcp.client.api.spi.TlsContextRequest;
import tcp.client.api.spi.Transport;

/**
 * TLS over BCJSSE, one transport per choice of where BCJSSE does its cryptography: the JDK's JCA
 * providers or Bouncy Castle's pure-Java ones. Each builds its private provider objects once per
 * JVM, on first use, and never installs them. What BCJSSE does differently from the other
 * libraries: its own key manager, named groups through its own parameters, no TLS half-close, and
 * a ClientHello that leaves out what its crypto cannot compute (which the core then refuses).
 */
enum BcTransport implements Transport {
    /**
     * The JCA providers installed in this JVM (SunJCE, SunEC, ...), as BCJSSE's own default does,
     * except that RSASSA-PSS is asked for by the JDK's name ({@link JdkTlsCryptoProvider}).
     */
    JCA("jca"),
    /** A private {@code BouncyCastleProvider}: pure Java, about a tenth of the throughput. */
    BC("bc");

    private final String value;

    BcTransport(String value) {
        this.value = value;
    }

    /**
     * Parses the value of {@link BcTransportProvider#CRYPTO_PROPERTY}.
     *
     * @param property the value, or null for the default
     * @throws IllegalArgumentException naming the value if it is neither {@code jca} nor {@code bc}
     */
    static BcTransport fromProperty(String property) {
        String v = property == null ? "" : property.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals(JCA.value)) {
            return JCA;
        }
        if (v.equals(BC.value)) {
            return BC;
        }
        throw new IllegalArgumentException("invalid " + BcTransportProvider.CRYPTO_PROPERTY + " \"" + property
                + "\": expected jca (the default, the JDK's crypto) or bc (Bouncy Castle's pure-Java crypto)");
    }

    /** The value as the property spells it. */
    String value() {
        return value;
    }

    /**
     * A context with BCJSSE's own key manager: BCJSSE asks key managers for key types of its own
     * spelling (such as {@code EC/secp256r1}) that the JDK's PKIX key manager does not recognise,
     * so with the JDK's it would find no key and send an empty certificate chain. The random
     * source is explicit: BCJSSE over JCA crypto requires one ("DEFAULT SecureRandom not
     * available" otherwise).
     */
    @Override
    public TlsContext newContext(TlsContextRequest request) throws GeneralSecurityException {
        Provider jsse = this == JCA ? JcaHolder.JSSE : BcHolder.JSSE;
        SSLContext context = SSLContext.getInstance("TLS", jsse);
        context.init(request.keyManagers(KeyManagerFactory.getInstance("PKIX", jsse)), request.trustManagers(),
                this == JCA ? JcaHolder.RANDOM : BcHolder.RANDOM);
        return new Context(context, request.config().namedGroups().toArray(new String[0]));
    }

    private record Context(SSLContext context, String[] namedGroups) implements TlsContext {
        @Override
        public SSLParameters supportedParameters() {
            return context.getSupportedSSLParameters();
        }

        @Override
        public Optional<SSLEngine> newEngine() {
            BCSSLEngine engine = (BCSSLEngine) context.createSSLEngine();
            setNamedGroups(engine.getParameters(), engine::setParameters);
            return Optional.of((SSLEngine) engine);
        }

        @Override
        public SSLSocket layer(Socket connected, String host, int port) throws IOException {
            return (SSLSocket) context.getSocketFactory().createSocket(connected, host, port, true);
        }

        /**
         * Named groups through {@link BCSSLParameters}, on every Java version. From Java 20 BCJSSE
         * also reads them out of the {@code SSLParameters} applied after this call (clearing them
         * when absent), where the core has put them too.
         */
        @Override
        public void configure(SSLSocket socket, SSLParameters parameters) throws SSLException {
            if (!(socket instanceof BCSSLSocket bc)) {
                throw new SSLException("transport " + BcTransportProvider.NAME + " got a socket that is no BCSSLSocket: "
                        + socket.getClass().getName());
            }
            setNamedGroups(bc.getParameters(), bc::setParameters);
        }

        private void setNamedGroups(BCSSLParameters parameters, Consumer<BCSSLParameters> apply) {
            if (namedGroups.length > 0) {
                parameters.setNamedGroups(namedGroups);
                apply.accept(parameters);
            }
        }

        /**
         * Named groups through {@link #configure}; session tickets need nothing: BCJSSE's client
         * never offers them (no session_ticket extension in TLS 1.2, no psk_key_exchange_modes in
         * TLS 1.3).
         */
        @Override
        public Set<PerConnection> appliesPerConnection() {
            return EnumSet.allOf(PerConnection.class);
        }

        /**
         * Refused: BCJSSE's {@code shutdownOutput()} shuts the TCP socket down without sending
         * close_notify, which the peer sees as a truncated TLS stream, not a half-close.
         */
        @Override
        public void shutdownOutput(SSLSocket socket, Socket connected) {
            throw new UnsupportedOperationException("transport " + BcTransportProvider.NAME
                    + " cannot half-close a TLS connection: BCJSSE sends no close_notify before its TCP FIN");
        }
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
    }

    private static final class BcHolder {
        static {
            QuietLogging.apply();
        }

        static final Provider JCE = new BouncyCastleProvider();
        static final SecureRandom RANDOM = bcRandom();
        static final Provider JSSE = new BouncyCastleJsseProvider(false, new JcaTlsCryptoProvider().setProvider(JCE));

        private static SecureRandom bcRandom() {
            try {
                return SecureRandom.getInstance("DEFAULT", JCE);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Bouncy Castle's provider has no DEFAULT SecureRandom", e);
            }
        }
    }
}
