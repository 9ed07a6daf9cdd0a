package tcp.client.api.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509KeyManager;

/**
 * A client key manager that chooses its key without the connection: given the socket or engine,
 * the JDK's key manager also requires a chain signed with one of the session's peer signature
 * algorithms, and a library that misreports them (Conscrypt 2.5.2 reports
 * {@code [SHA1withRSA, SHA1withECDSA]} whatever the server sent) makes it pass over every modern
 * chain. Without the connection it still applies the JVM's algorithm constraints, the key type, the
 * server's CA names and the clientAuth key usage; the library then picks a signature scheme the
 * server offered.
 */
final class SessionIndependentKeyManager extends ClientKeyManager {
    private final X509KeyManager delegate;

    private SessionIndependentKeyManager(X509KeyManager delegate) {
        this.delegate = delegate;
    }

    /** The managers with every {@link X509KeyManager} among them wrapped. */
    static KeyManager[] wrap(KeyManager[] managers) {
        KeyManager[] wrapped = managers.clone();
        for (int i = 0; i < wrapped.length; i++) {
            if (wrapped[i] instanceof X509KeyManager x) {
                wrapped[i] = new SessionIndependentKeyManager(x);
            }
        }
        return wrapped;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return delegate.chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return delegate.chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
    }
}
