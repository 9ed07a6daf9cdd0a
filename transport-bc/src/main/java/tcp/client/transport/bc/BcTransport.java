package tcp.client.transport.bc;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;
import tcp.client.api.TlsConfig;
import tcp.client.api.spi.TlsContext;
import tcp.client.api.spi.TlsContextRequest;
import tcp.client.api.spi.Transport;

/**
 * TLS over BCJSSE with one crypto choice: its contexts, and what BCJSSE does differently (its
 * own key manager, named groups through its own parameters, no TLS half-close).
 */
final class BcTransport implements Transport {
    private final CryptoChoice crypto;

    BcTransport(CryptoChoice crypto) {
        this.crypto = crypto;
    }

    /**
     * A context with BCJSSE's own key manager: BCJSSE asks key managers for key types of its own
     * spelling (such as {@code EC/secp256r1}) that the JDK's PKIX key manager does not recognise,
     * so with the JDK's it would find no key and send an empty certificate chain.
     */
    @Override
    public TlsContext newContext(TlsContextRequest request) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS", crypto.jsseProvider());
        context.init(request.keyManagers(KeyManagerFactory.getInstance("PKIX", crypto.jsseProvider())),
                request.trustManagers(), crypto.random());
        return new Context(context, crypto, request.config().namedGroups().toArray(new String[0]));
    }

    private record Context(SSLContext context, CryptoChoice crypto, String[] namedGroups) implements TlsContext {
        @Override
        public SSLParameters supportedParameters() {
            return context.getSupportedSSLParameters();
        }

        @Override
        public void check(TlsConfig config) {
            OfferCheck.check(config, crypto, context);
        }

        @Override
        public SSLSocket layer(Socket connected, String host, int port) throws IOException {
            return (SSLSocket) context.getSocketFactory().createSocket(connected, host, port, true);
        }

        /**
         * Named groups through {@link BCSSLParameters}, on every Java version. From Java 20 BCJSSE
         * also reads them out of the {@code SSLParameters} applied after this call (clearing them
         * when absent), where the core has put them too.
         */
        @Override
        public void configure(SSLSocket socket, SSLParameters parameters) throws SSLException {
            if (namedGroups.length == 0) {
                return;
            }
            if (!(socket instanceof BCSSLSocket bc)) {
                throw new SSLException("transport " + BcTransportProvider.NAME + " got a socket that is no BCSSLSocket: "
                        + socket.getClass().getName());
            }
            BCSSLParameters bcParameters = bc.getParameters();
            bcParameters.setNamedGroups(namedGroups);
            bc.setParameters(bcParameters);
        }

        @Override
        public boolean appliesNamedGroups() {
            return true;
        }

        /**
         * BCJSSE's client never offers session tickets: it sends no session_ticket extension (TLS
         * 1.2) and no psk_key_exchange_modes (TLS 1.3), so disabling them needs nothing.
         */
        @Override
        public boolean appliesSessionTicketsDisabled() {
            return true;
        }

        /**
         * Refused: BCJSSE's {@code shutdownOutput()} shuts the TCP socket down without sending
         * close_notify, which the peer sees as a truncated TLS stream, not a half-close.
         */
        @Override
        public void shutdownOutput(SSLSocket socket, Socket connected) {
            throw new UnsupportedOperationException("transport " + BcTransportProvider.NAME
                    + " cannot half-close a TLS connection: BCJSSE sends no close_notify before its TCP FIN");
        }
    }
}
