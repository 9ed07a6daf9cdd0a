package tcp.client.transport.bc;

import java.util.function.UnaryOperator;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.TestPki;

/**
 * Builds clients on the {@code bc} transport with a chosen crypto ({@code jca} or {@code bc}), the
 * parameter every test here runs with.
 */
final class BcClients {
    private BcClients() {
    }

    /**
     * Builds a client with {@value BcTransportProvider#CRYPTO_PROPERTY} set to {@code crypto} while
     * its transport is created, and restored afterwards (test classes run one at a time).
     */
    static ClientTCP build(String crypto, String address, UnaryOperator<ClientTCP.Builder> settings) {
        String previous = System.getProperty(BcTransportProvider.CRYPTO_PROPERTY);
        System.setProperty(BcTransportProvider.CRYPTO_PROPERTY, crypto);
        try {
            return settings.apply(ClientTCP.builder(address).transport("bc")).build();
        } finally {
            if (previous == null) {
                System.clearProperty(BcTransportProvider.CRYPTO_PROPERTY);
            } else {
                System.setProperty(BcTransportProvider.CRYPTO_PROPERTY, previous);
            }
        }
    }

    /** A TLS client trusting only the shared test PKI's root. */
    static ClientTCP tls(String crypto, String address, String serverName) {
        return build(crypto, address, b -> b.tls(trustingTestRoot().build(), serverName));
    }

    /** TLS settings trusting only the shared test PKI's root. */
    static TlsConfig.Builder trustingTestRoot() {
        return TlsConfig.builder().rootCa(TestPki.shared().root());
    }
}
