package tcp.client.api.internal;

import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** A key manager of the client side only: it chooses no server key. */
abstract class ClientKeyManager extends X509ExtendedKeyManager {
    @Override
    public final String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public final String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public final String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }
}
