package tcp.client.api.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.internal.TlsContexts.PreparedTls;
import tcp.client.api.spi.TlsContext;
import tcp.client.api.spi.TransportOptions;

/**
 * Opens one connection: dials TCP, and for TLS layers the transport's socket over it, applies the
 * prepared settings and runs the handshake within the attempt's budget. Everything opened is
 * guarded by the attempt while it runs, and closed if the open fails.
 */
final class Connector {
    private Connector() {
    }

    /**
     * The TLS side of a connect: the prepared settings, and the name to verify and send as SNI.
     *
     * @param serverName the name given with the TLS settings; empty for the address's host
     */
    record TlsTarget(PreparedTls prepared, String serverName) {
    }

    /**
     * Opens a connection to {@code address}, TLS when {@code tls} is not null.
     *
     * @param attemptDelay the RFC 8305 stagger between a name's addresses
     *
     * @return an established connection; the caller owns it
     */
    static Connection open(ConnectAttempt attempt, Address address, TransportOptions options, Duration attemptDelay,
                           TlsTarget tls) throws IOException {
        SocketChannel channel = SocketDialer.dial(attempt, address, options, attemptDelay);
        try {
            Connection connection;
            if (tls == null) {
                channel.socket().setSoTimeout(Durations.soTimeout(options.readTimeout()));
                connection = new PlainConnection(channel);
            } else {
                connection = handshake(channel, attempt, address, options, tls);
            }
            attempt.release(channel);
            return connection;
        } catch (IOException | RuntimeException | Error e) {
            attempt.release(channel);
            ConnectAttempt.closeQuietly(channel);
            throw e;
        }
    }

    private static Connection handshake(SocketChannel channel, ConnectAttempt attempt, Address address,
                                        TransportOptions options, TlsTarget tls) throws IOException {
        String peer = tls.serverName().isEmpty() ? address.host() : tls.serverName();
        if (peer.isEmpty()) {
            throw new SSLHandshakeException("no server name to verify the certificate against: the address "
                    + address + " has no host and no server name was given");
        }
        PreparedTls prepared = tls.prepared();
        TlsContext context = prepared.context();
        int limitMillis = attempt.handshakeMillis();
        channel.socket().setSoTimeout(limitMillis);
        SSLSocket socket = context.layer(channel.socket(), peer, address.port());
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(prepared.protocols());
            parameters.setCipherSuites(prepared.suites());
            // The host name is checked by the core's trust manager, never by the provider, so the
            // identification algorithm is free to label a connection: JSSE providers resume only a
            // session whose label matches the new connection's.
            parameters.setEndpointIdentificationAlgorithm(prepared.resumptionLabel());
            parameters.setServerNames(serverNames(peer));
            if (prepared.applicationProtocols().length > 0) {
                parameters.setApplicationProtocols(prepared.applicationProtocols());
            }
            TlsContexts.setNamedGroups(parameters, prepared.namedGroups());
            context.configure(socket, parameters);
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(limitMillis);
            HandshakeEvent event = new HandshakeEvent();
            event.begin();
            long verifiedBefore = VerifyingTrustManager.verificationsOnThisThread();
            long started = System.nanoTime();
            try {
                socket.startHandshake();
            } catch (IOException e) {
                throw Failures.handshake(e, address.toString(), limitMillis);
            }
            long took = System.nanoTime() - started;
            event.end();
            socket.setSoTimeout(Durations.soTimeout(options.readTimeout()));
            TlsSessionInfo info = sessionInfo(socket, VerifyingTrustManager.verificationsOnThisThread() == verifiedBefore);
            if (event.shouldCommit()) {
                event.address = address.toString();
                event.protocol = info.protocol();
                event.cipherSuite = info.cipherSuite();
                event.resumed = info.resumed();
                event.commit();
            }
            return new SslConnection(context, socket, channel, info, took);
        } catch (IOException | RuntimeException | Error e) {
            // The channel is closed by the caller; the provider still gets to release its state.
            ConnectAttempt.closeQuietly(channel);
            context.closed(socket);
            throw e;
        }
    }

    /** SNI for a host name, none for an IP literal or a name that is no valid SNI name (as Go). */
    private static List<SNIServerName> serverNames(String peer) {
        if (ServerIdentity.isIpLiteral(peer)) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(peer));
        } catch (IllegalArgumentException notAnSniName) {
            // Names such as "under_score" are valid hosts but no valid SNI: send none, as Go does.
            return List.of();
        }
    }

    /**
     * @param resumed whether the handshake verified no certificate: every full handshake runs the
     *     client's trust manager on the handshaking thread, a resumed one has no certificate to check
     */
    private static TlsSessionInfo sessionInfo(SSLSocket socket, boolean resumed) throws IOException {
        SSLSession session = socket.getSession();
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            throw new SSLHandshakeException("handshake ended without a verified server certificate");
        }
        String alpn = socket.getApplicationProtocol();
        return new TlsSessionInfo(session.getProtocol(), session.getCipherSuite(), chain,
                alpn == null || alpn.isEmpty() ? Optional.empty() : Optional.of(alpn), resumed);
    }
}
