package tcp.client.transport.jdk;

import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import tcp.client.api.spi.JsseTransport;
import tcp.client.api.spi.Transport;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;

/**
 * The JDK's own TLS (SunJSSE): always available, pure Java, no dependency. Priority 100, below
 * Conscrypt's native code and above Bouncy Castle.
 *
 * <p>Limits on Java 17 to 19: named groups can only be set JVM-wide there, so a {@code TlsConfig}
 * with {@code namedGroups} is refused by {@code setTLS}; from Java 20 they apply per client.
 * Disabling session tickets is refused while TLS 1.2 is offered (the JDK only has a JVM-wide
 * switch). Thread-safe.
 */
public final class JdkTransportProvider implements TransportProvider {
    /** The name clients ask for: {@code "jdk"}. */
    public static final String NAME = "jdk";
    static final int PRIORITY = 100;

    /** Creates the provider; cheap. */
    public JdkTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<Throwable> unavailableReason() {
        return Security.getProvider("SunJSSE") == null
                ? Optional.of(new NoSuchProviderException("the JDK's SunJSSE provider is not installed in this JVM"))
                : Optional.empty();
    }

    /** A new transport, or for the default options the one that all such clients share. */
    @Override
    public Transport create(TransportOptions options) {
        return options.equals(TransportOptions.DEFAULTS) ? SharedDefault.TRANSPORT : new JdkTransport(options);
    }

    /** The transport of every client with the default options, created on first use. */
    private static final class SharedDefault {
        static final Transport TRANSPORT = new JdkTransport(TransportOptions.DEFAULTS);
    }

    private static final class JdkTransport extends JsseTransport {
        JdkTransport(TransportOptions options) {
            super(NAME, options);
        }

        @Override
        protected SSLContext newSslContext() throws GeneralSecurityException {
            Provider sunJsse = Security.getProvider("SunJSSE");
            if (sunJsse == null) {
                throw new NoSuchProviderException("SunJSSE");
            }
            return SSLContext.getInstance("TLS", sunJsse);
        }
    }
}
