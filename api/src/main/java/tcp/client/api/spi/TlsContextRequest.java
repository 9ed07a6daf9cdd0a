package tcp.client.api.spi;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import tcp.client.api.TlsConfig;

/**
 * What the core hands {@link Transport#newContext}: the configuration and the key material it has
 * loaded from it. Implemented by the core; valid during that call only.
 */
public interface TlsContextRequest {
    /** The configuration the context is for. */
    TlsConfig config();

    /**
     * The trust managers to initialise the context with, unchanged: they validate the server's
     * chain with the JDK's PKIX implementation against the configuration's roots, then apply the
     * SDK's certificate policy and check the chain against the host that the handshake session
     * reports ({@code SSLSession.getPeerHost()}, the host given to {@link TlsContext#layer}).
     * Every transport trusts exactly the same chains this way.
     */
    TrustManager[] trustManagers() throws GeneralSecurityException;

    /**
     * Key managers over the client's key pair, from {@code factory}, which the core initialises
     * with an in-memory key store holding that pair. A provider passes the factory of the
     * algorithm its library understands ({@code KeyManagerFactory.getInstance("PKIX")} is the
     * JDK's).
     *
     * @return the managers, or an empty array when the configuration has no key pair
     */
    KeyManager[] keyManagers(KeyManagerFactory factory) throws GeneralSecurityException;

    /**
     * Like {@link #keyManagers}, but the managers choose the client's key without the connection's
     * handshake session: by key type, issuers and key usage only. For libraries whose session
     * misreports the server's signature algorithms, which would make the JDK's key manager pass
     * over every certificate.
     */
    KeyManager[] sessionIndependentKeyManagers(KeyManagerFactory factory) throws GeneralSecurityException;
}
