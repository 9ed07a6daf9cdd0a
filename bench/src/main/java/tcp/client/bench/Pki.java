package tcp.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;

/**
 * The certificates of a run: the test PKI's root, which both sides trust, and the server's
 * identity ({@code CN=localhost}, EC P-256, leaf and intermediate), which every bench server
 * presents, from a SunJSSE context that issues no session tickets. The server name both sides verify and send as SNI is {@value #SERVER_NAME}.
 */
final class Pki {
    /** The name the clients verify; the server certificate's DNS SAN. */
    static final String SERVER_NAME = "localhost";
    /** Longer than TLS 1.3's 7-day ticket lifetime (RFC 8446, 4.6.1). */
    private static final int NO_TICKETS_TIMEOUT_SECONDS = 8 * 24 * 3600;

    private final X509Certificate root;
    private final KeyStore serverKeys;
    private final char[] password;

    private Pki(X509Certificate root, KeyStore serverKeys, char[] password) {
        this.root = root;
        this.serverKeys = serverKeys;
        this.password = password;
    }

    /** The PKI generated in this JVM ({@link TestPki#shared()}). */
    static Pki generated() {
        TestPki pki = TestPki.shared();
        char[] password = Identity.FILE_PASSWORD.toCharArray();
        return new Pki(pki.root(), pki.server().keyStore(password), password);
    }

    /**
     * Writes what a server in another JVM needs (its PKCS#12 identity) into {@code dir}.
     *
     * @return the PKCS#12 file
     */
    static Path writeServerIdentity(Path dir) throws IOException {
        return TestPki.shared().server().writeFiles(dir).pkcs12();
    }

    /** Loads a server identity written by {@link #writeServerIdentity}; the root is then unknown. */
    static SSLContext serverContextFrom(Path pkcs12) throws IOException, GeneralSecurityException {
        char[] password = Identity.FILE_PASSWORD.toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            store.load(in, password);
        }
        return new Pki(null, store, password).serverContext();
    }

    /**
     * A server context of {@code provider} (Conscrypt, for the fast-server fallback) presenting
     * the server identity; session tickets are left to the provider's default.
     */
    SSLContext serverContext(java.security.Provider provider) throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(serverKeys, password);
        javax.net.ssl.X509ExtendedKeyManager jdk = (javax.net.ssl.X509ExtendedKeyManager) keys.getKeyManagers()[0];
        SSLContext context = SSLContext.getInstance("TLS", provider);
        context.init(new javax.net.ssl.KeyManager[] {new OneIdentity(jdk)}, null, null);
        return context;
    }

    /**
     * The JDK's key manager, asked for the one server identity whatever the key type: under TLS 1.3
     * BoringSSL asks with a key type that the JDK's PKIX key manager finds no alias for
     * ({@code NO_CERTIFICATE_SET}).
     */
    private static final class OneIdentity extends javax.net.ssl.X509ExtendedKeyManager {
        private final javax.net.ssl.X509ExtendedKeyManager jdk;

        OneIdentity(javax.net.ssl.X509ExtendedKeyManager jdk) {
            this.jdk = jdk;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers,
                                              javax.net.ssl.SSLEngine engine) {
            return Identity.KEY_ALIAS;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return Identity.KEY_ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {Identity.KEY_ALIAS};
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            X509Certificate[] chain = jdk.getCertificateChain(alias);
            if (chain == null) {
                // The PKIX key manager names its aliases "N.alias"; find ours among them.
                for (String a : jdk.getServerAliases("EC", null)) {
                    if (a.endsWith("." + alias)) {
                        return jdk.getCertificateChain(a);
                    }
                }
            }
            return chain;
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            java.security.PrivateKey key = jdk.getPrivateKey(alias);
            if (key == null) {
                for (String a : jdk.getServerAliases("EC", null)) {
                    if (a.endsWith("." + alias)) {
                        return jdk.getPrivateKey(a);
                    }
                }
            }
            return key;
        }
    }

    /** The root both sides trust. */
    X509Certificate root() {
        return root;
    }

    /**
     * A SunJSSE server context presenting the server identity: the same server for the SDK and
     * the raw side of every provider.
     */
    SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(serverKeys, password);
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(keys.getKeyManagers(), null, null);
        // SunJSSE sends no TLS 1.3 NewSessionTicket when the session timeout exceeds the 7-day
        // ticket lifetime limit: no client can resume, so every handshake is a full one, and idle
        // clients hold no ticket that their close would decode into their context's session cache.
        context.getServerSessionContext().setSessionTimeout(NO_TICKETS_TIMEOUT_SECONDS);
        return context;
    }
}
