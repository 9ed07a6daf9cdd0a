package tcp.client.transport.bc;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsException;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import tcp.client.api.TlsConfig;
import tcp.client.api.spi.ConnectRequest;
import tcp.client.api.spi.Connection;
import tcp.client.api.spi.JsseTransport;
import tcp.client.api.spi.TransportOptions;

/**
 * The connections of one client over BCJSSE: the base's dialing, verification, SNI, ALPN,
 * versions and suites, plus what BCJSSE does differently (named groups through its own
 * parameters, no TLS half-close, its own exception types).
 */
final class BcTransport extends JsseTransport {
    private final CryptoChoice crypto;

    BcTransport(TransportOptions options, CryptoChoice crypto) {
        super(BcTransportProvider.NAME, options);
        this.crypto = crypto;
    }

    @Override
    protected SSLContext newSslContext() throws GeneralSecurityException {
        return SSLContext.getInstance("TLS", crypto.jsseProvider());
    }

    /**
     * BCJSSE's own key manager. BCJSSE asks key managers for key types of its own spelling (such
     * as {@code EC/secp256r1}) that the JDK's PKIX key manager does not recognise, so with the
     * base's default it would find no key and send an empty certificate chain.
     */
    @Override
    protected KeyManagerFactory keyManagerFactory() throws GeneralSecurityException {
        return KeyManagerFactory.getInstance("PKIX", crypto.jsseProvider());
    }

    @Override
    protected SecureRandom secureRandom() {
        return crypto.random();
    }

    /** Contexts built over JCA crypto and over BC crypto must not be shared. */
    @Override
    protected Object contextKey() {
        return crypto;
    }

    /** BCJSSE takes named groups per socket on every Java version, through {@link BCSSLParameters}. */
    @Override
    protected boolean supportsNamedGroups() {
        return true;
    }

    /**
     * BCJSSE's client never offers session tickets: it sends no session_ticket extension (TLS 1.2)
     * and no psk_key_exchange_modes (TLS 1.3), so disabling them needs nothing.
     */
    @Override
    protected boolean supportsSessionTicketsDisabled(TlsConfig config) {
        return true;
    }

    /**
     * BCJSSE's {@code shutdownOutput()} shuts the TCP socket down without sending close_notify: the
     * peer sees a truncated TLS stream, not a half-close.
     */
    @Override
    protected boolean supportsTlsHalfClose() {
        return false;
    }

    @Override
    protected void checkProviderSettings(TlsConfig config, SSLContext context) {
        OfferCheck.check(config, crypto, context);
    }

    @Override
    protected void configure(SSLSocket socket, SSLParameters parameters, TlsConfig config) throws IOException {
        // From Java 20, BCJSSE also reads the groups out of the SSLParameters applied after this
        // call (clearing them when absent), so they go there too.
        super.configure(socket, parameters, config);
        if (config.namedGroups().isEmpty()) {
            return;
        }
        if (!(socket instanceof BCSSLSocket bc)) {
            throw new SSLException("transport " + BcTransportProvider.NAME + " got a socket that is no BCSSLSocket: "
                    + socket.getClass().getName());
        }
        BCSSLParameters bcParameters = bc.getParameters();
        bcParameters.setNamedGroups(config.namedGroups().toArray(new String[0]));
        bc.setParameters(bcParameters);
    }

    /**
     * Gives handshake failures a message that says what failed: BCJSSE throws its own
     * {@code TlsException}s, whose text is only the alert's name, with the reason (a rejected
     * certificate, say) in the cause.
     */
    @Override
    public Connection open(ConnectRequest request) throws IOException {
        try {
            return super.open(request);
        } catch (SSLHandshakeException e) {
            // The base wraps a non-SSL exception of the provider's into an SSLHandshakeException.
            if (e.getCause() instanceof TlsException tls) {
                throw handshakeFailure(tls, request.target());
            }
            throw e;
        } catch (TlsException e) {
            throw handshakeFailure(e, request.target());
        }
    }

    private static SSLHandshakeException handshakeFailure(TlsException e, String target) {
        StringBuilder message = new StringBuilder("TLS handshake with ").append(target).append(" failed: ");
        if (e instanceof TlsFatalAlertReceived received) {
            message.append("received fatal alert ").append(AlertDescription.getText(received.getAlertDescription()));
        } else if (e instanceof TlsFatalAlert raised) {
            message.append("sent fatal alert ").append(AlertDescription.getText(raised.getAlertDescription()));
        } else {
            message.append(e.getMessage());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            message.append(": ").append(root.getMessage());
        }
        SSLHandshakeException failure = new SSLHandshakeException(message.toString());
        failure.initCause(e);
        return failure;
    }
}
