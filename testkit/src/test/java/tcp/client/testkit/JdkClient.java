package tcp.client.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A raw javax.net.ssl client (SunJSSE) used to check the test peers; no SDK involved. */
final class JdkClient {

    private final SSLContext context;

    private JdkClient(SSLContext context) {
        this.context = context;
    }

    /** Trusts {@code trust}; presents {@code identity} when not null. */
    static JdkClient trusting(KeyStore trust, Identity identity) throws GeneralSecurityException {
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (identity != null) {
            char[] password = "test".toCharArray();
            keyManagers = KeyManagerFactory.getInstance("PKIX");
            keyManagers.init(identity.keyStore(password), password);
        }
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return new JdkClient(context);
    }

    static JdkClient trustingTestRoot() throws GeneralSecurityException {
        return trusting(TestPki.shared().rootKeyStore(), null);
    }

    /** An SSL socket with the plain socket under it, so a test can drop TCP without close_notify. */
    record Layered(Socket raw, SSLSocket ssl) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            ssl.close();
        }
    }

    /**
     * Connects to 127.0.0.1:port and handshakes with host name verification against
     * {@code serverName}, which is also sent as SNI when not null (the JDK sends no SNI for a dotless
     * name such as "localhost" unless told to).
     */
    SSLSocket connect(int port, String serverName, String... alpn) throws IOException {
        return connectLayered(port, serverName, alpn).ssl();
    }

    Layered connectLayered(int port, String serverName, String... alpn) throws IOException {
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            raw.setSoTimeout(10_000);
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(raw,
                    serverName == null ? "127.0.0.1" : serverName, port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (serverName != null) {
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
            }
            if (alpn.length > 0) {
                parameters.setApplicationProtocols(alpn);
            }
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            return new Layered(raw, ssl);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
