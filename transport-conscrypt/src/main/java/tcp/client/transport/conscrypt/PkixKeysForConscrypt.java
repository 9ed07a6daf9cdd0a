package tcp.client.transport.conscrypt;

import java.net.Socket;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The JDK's PKIX key managers, choosing the client's key without looking at Conscrypt's handshake
 * session.
 *
 * <p>Why: given the socket, the JDK's key manager only accepts a certificate chain signed with an
 * algorithm from the session's peer signature algorithms. Conscrypt 2.5.2 does not record the
 * server's list and reports {@code [SHA1withRSA, SHA1withECDSA]} instead, so every modern chain
 * is passed over and the client sends none. Without the socket, the key manager applies the
 * JVM's algorithm constraints, the key type, the server's CA names and the clientAuth key usage,
 * as before; BoringSSL then picks a signature scheme the server offered.
 */
final class PkixKeysForConscrypt {
    private PkixKeysForConscrypt() {
    }

    /** A new, uninitialised factory over the JDK's PKIX key manager factory. */
    static KeyManagerFactory newFactory() throws NoSuchAlgorithmException {
        KeyManagerFactory jdk = KeyManagerFactory.getInstance("PKIX");
        return new KeyManagerFactory(new Spi(jdk), jdk.getProvider(), jdk.getAlgorithm()) {
        };
    }

    private static final class Spi extends KeyManagerFactorySpi {
        private final KeyManagerFactory jdk;

        Spi(KeyManagerFactory jdk) {
            this.jdk = jdk;
        }

        @Override
        protected void engineInit(KeyStore keyStore, char[] password)
                throws KeyStoreException, NoSuchAlgorithmException, UnrecoverableKeyException {
            jdk.init(keyStore, password);
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
            jdk.init(parameters);
        }

        @Override
        protected KeyManager[] engineGetKeyManagers() {
            KeyManager[] managers = jdk.getKeyManagers().clone();
            for (int i = 0; i < managers.length; i++) {
                if (managers[i] instanceof X509KeyManager x) {
                    managers[i] = new SessionBlind(x);
                }
            }
            return managers;
        }
    }

    /** Passes every call on, without the socket or engine when choosing a client key. */
    private static final class SessionBlind extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;

        SessionBlind(X509KeyManager delegate) {
            this.delegate = delegate;
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
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return delegate instanceof X509ExtendedKeyManager x
                    ? x.chooseEngineServerAlias(keyType, issuers, engine)
                    : delegate.chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
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
}
