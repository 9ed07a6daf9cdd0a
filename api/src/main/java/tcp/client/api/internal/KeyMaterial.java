package tcp.client.api.internal;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import tcp.client.api.TlsConfig;

/**
 * Turns a {@link TlsConfig}'s roots and key pair into JSSE key and trust managers. In-memory key
 * stores only; nothing touches JVM-wide state.
 */
final class KeyMaterial {
    private KeyMaterial() {
    }

    /**
     * Builds the trust managers: PKIX validation by {@code factory} over the config's roots (and
     * the JDK's, where the config uses them), wrapped in {@link VerifyingTrustManager}.
     */
    static TrustManager[] trustManagers(TlsConfig config, TrustManagerFactory factory)
            throws GeneralSecurityException {
        KeyStore anchors = null;
        if (!config.rootCertificates().isEmpty()) {
            anchors = emptyStore();
            int i = 0;
            for (X509Certificate root : config.rootCertificates()) {
                anchors.setCertificateEntry("root-" + i++, root);
            }
            if (config.usesSystemRoots()) {
                for (X509Certificate root : systemRoots()) {
                    anchors.setCertificateEntry("system-" + i++, root);
                }
            }
        }
        factory.init(anchors);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return new TrustManager[] {new VerifyingTrustManager(x)};
            }
        }
        throw new GeneralSecurityException("trust manager factory " + factory.getAlgorithm()
                + " of " + factory.getProvider().getName() + " gave no X509TrustManager");
    }

    /** Builds the key managers of the config's key pair; empty when it has none. */
    static KeyManager[] keyManagers(TlsConfig config, KeyManagerFactory factory)
            throws GeneralSecurityException {
        if (config.reloadableKeyPair().isPresent()) {
            return new KeyManager[] {new ReloadingKeyManager(KeyPairState.of(config.reloadableKeyPair().get()), factory)};
        }
        if (config.privateKey().isEmpty()) {
            return new KeyManager[0];
        }
        char[] password = randomPassword();
        KeyStore store = emptyStore();
        List<X509Certificate> chain = config.certificateChain();
        store.setKeyEntry("client", config.privateKey().get(), password, chain.toArray(new X509Certificate[0]));
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static List<X509Certificate> systemRoots() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return List.of(x.getAcceptedIssuers());
            }
        }
        return List.of();
    }

    static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }

    static char[] randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).toCharArray();
    }
}
