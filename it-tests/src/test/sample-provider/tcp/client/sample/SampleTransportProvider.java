package tcp.client.sample;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import tcp.client.api.spi.TlsContext;
import tcp.client.api.spi.TlsContextRequest;
import tcp.client.api.spi.Transport;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;

/**
 * A transport written from the SPI's javadoc alone: TLS through the JDK's SunJSSE, looked up as a
 * provider object of its own. It shows everything a provider has to do; the core does the rest
 * (dialing, deadlines, verification, key material, suites, SNI, failures, callbacks).
 */
public final class SampleTransportProvider implements TransportProvider {
    /** The name the conformance suite asks for. */
    public static final String NAME = "jsse-sample";

    private static final Transport TRANSPORT = SampleTransportProvider::newContext;

    /** Cheap, as the SPI asks. */
    public SampleTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Below every bundled transport: chosen only by name. */
    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Optional<Throwable> unavailableReason() {
        return sunJsse() == null
                ? Optional.of(new IllegalStateException("SunJSSE is not installed in this JVM"))
                : Optional.empty();
    }

    @Override
    public Transport create(TransportOptions options) {
        if (sunJsse() == null) {
            throw new IllegalStateException("transport " + NAME + " is unavailable: SunJSSE is not installed");
        }
        return TRANSPORT;
    }

    private static Provider sunJsse() {
        return Security.getProvider("SunJSSE");
    }

    private static TlsContext newContext(TlsContextRequest request) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS", sunJsse());
        context.init(request.keyManagers(KeyManagerFactory.getInstance("SunX509", sunJsse())),
                request.trustManagers(), null);
        return new Context(context.getSupportedSSLParameters(), context.getSocketFactory());
    }

    /** The whole per-configuration state: what SunJSSE supports and its socket factory. */
    private record Context(SSLParameters supportedParameters, SSLSocketFactory factory) implements TlsContext {
        @Override
        public SSLSocket layer(Socket connected, String host, int port) throws IOException {
            return (SSLSocket) factory.createSocket(connected, host, port, true);
        }
    }
}
