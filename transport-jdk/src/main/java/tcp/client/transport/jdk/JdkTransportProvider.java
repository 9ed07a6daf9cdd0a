package tcp.client.transport.jdk;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import tcp.client.api.spi.TlsContext;
import tcp.client.api.spi.TlsContextRequest;
import tcp.client.api.spi.Transport;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;

/**
 * The JDK's own TLS (SunJSSE): always available, pure Java, no dependency. Priority 100, below
 * Conscrypt's native code and above Bouncy Castle.
 *
 * <p>Limits on Java 17 to 19: named groups can only be set JVM-wide there, so a {@code TlsConfig}
 * with {@code namedGroups} is refused by {@code setTLS}; from Java 20 they apply per client.
 * With session tickets disabled and TLS 1.2 offered, the ClientHello still carries an empty
 * session_ticket extension (leaving it out is a JVM-wide switch only); no session is resumed all
 * the same. Thread-safe.
 */
public final class JdkTransportProvider implements TransportProvider {
    /** The name clients ask for: {@code "jdk"}. */
    public static final String NAME = "jdk";
    private static final Transport TRANSPORT = JdkTransportProvider::newContext;

    /** Creates the provider; cheap. */
    public JdkTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 100: below Conscrypt's native code, above Bouncy Castle. */
    @Override
    public int priority() {
        return 100;
    }

    /** Unavailable only in a JVM whose {@code SunJSSE} provider was removed. */
    @Override
    public Optional<Throwable> unavailableReason() {
        return Security.getProvider("SunJSSE") == null
                ? Optional.of(new NoSuchProviderException("the JDK's SunJSSE provider is not installed in this JVM"))
                : Optional.empty();
    }

    /** The one transport of every client: the core applies the options. */
    @Override
    public Transport create(TransportOptions options) {
        return TRANSPORT;
    }

    private static TlsContext newContext(TlsContextRequest request) throws GeneralSecurityException {
        Provider sunJsse = Security.getProvider("SunJSSE");
        if (sunJsse == null) {
            throw new NoSuchProviderException("SunJSSE");
        }
        SSLContext context = SSLContext.getInstance("TLS", sunJsse);
        context.init(request.keyManagers(KeyManagerFactory.getInstance("PKIX")), request.trustManagers(), null);
        return new TlsContext() {
            @Override
            public SSLParameters supportedParameters() {
                return context.getSupportedSSLParameters();
            }

            @Override
            public SSLSocket layer(Socket connected, String host, int port) throws IOException {
                return (SSLSocket) context.getSocketFactory().createSocket(connected, host, port, true);
            }
        };
    }
}
