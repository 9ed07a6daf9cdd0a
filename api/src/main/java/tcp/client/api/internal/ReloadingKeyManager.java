package tcp.client.api.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The key manager of a {@link KeyPairState}: each choice of a client key reads the pair current at
 * that moment and builds (once per pair) the transport's own key manager for it, which applies its
 * usual checks; the alias it returns carries the pair's generation, so that the key and chain asked
 * for next come from the same pair even if a reload happened in between.
 */
final class ReloadingKeyManager extends ClientKeyManager {
    private static final char GENERATION_SEPARATOR = '/';

    private final KeyPairState state;
    private final String algorithm;
    private final Provider provider;
    /** The transport's manager for one snapshot, built on first use. */
    private volatile Built built;

    private record Built(KeyPairState.Snapshot snapshot, X509KeyManager manager) {
    }

    ReloadingKeyManager(KeyPairState state, KeyManagerFactory factory) {
        this.state = state;
        this.algorithm = factory.getAlgorithm();
        this.provider = factory.getProvider();
    }

    private X509KeyManager managerFor(KeyPairState.Snapshot snapshot) {
        Built b = built;
        if (b != null && b.snapshot() == snapshot) {
            return b.manager();
        }
        X509KeyManager manager = build(snapshot);
        if (snapshot == state.current()) {
            built = new Built(snapshot, manager);
        }
        return manager;
    }

    private X509KeyManager build(KeyPairState.Snapshot snapshot) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(algorithm, provider);
            char[] password = KeyMaterial.randomPassword();
            KeyStore store = KeyMaterial.emptyStore();
            store.setKeyEntry("client", snapshot.key(), password, snapshot.chain().toArray(new X509Certificate[0]));
            factory.init(store, password);
            for (KeyManager m : factory.getKeyManagers()) {
                if (m instanceof X509KeyManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("key manager factory " + algorithm + " of " + provider.getName()
                    + " gave no X509KeyManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a key manager for the reloaded key pair: " + e.getMessage(), e);
        }
    }

    private static String tagged(KeyPairState.Snapshot snapshot, String alias) {
        return alias == null ? null : snapshot.generation() + String.valueOf(GENERATION_SEPARATOR) + alias;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        KeyPairState.Snapshot snapshot = state.current();
        return tagged(snapshot, managerFor(snapshot).chooseClientAlias(keyTypes, issuers, socket));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        KeyPairState.Snapshot snapshot = state.current();
        X509KeyManager manager = managerFor(snapshot);
        String alias = manager instanceof X509ExtendedKeyManager x
                ? x.chooseEngineClientAlias(keyTypes, issuers, engine)
                : manager.chooseClientAlias(keyTypes, issuers, null);
        return tagged(snapshot, alias);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        KeyPairState.Snapshot snapshot = state.current();
        String[] aliases = managerFor(snapshot).getClientAliases(keyType, issuers);
        if (aliases == null) {
            return null;
        }
        String[] tagged = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) {
            tagged[i] = tagged(snapshot, aliases[i]);
        }
        return tagged;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyPairState.Snapshot snapshot = snapshotOf(alias);
        return snapshot == null ? null : managerFor(snapshot).getCertificateChain(untagged(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyPairState.Snapshot snapshot = snapshotOf(alias);
        return snapshot == null ? null : managerFor(snapshot).getPrivateKey(untagged(alias));
    }

    private KeyPairState.Snapshot snapshotOf(String alias) {
        int at = alias == null ? -1 : alias.indexOf(GENERATION_SEPARATOR);
        if (at <= 0) {
            return null;
        }
        try {
            return state.generation(Long.parseLong(alias.substring(0, at)));
        } catch (NumberFormatException notOurs) {
            return null;
        }
    }

    private static String untagged(String alias) {
        return alias.substring(alias.indexOf(GENERATION_SEPARATOR) + 1);
    }
}
