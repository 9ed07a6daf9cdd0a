package tcp.client.api;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a TLS handshake negotiated, the same on every transport.
 *
 * @param protocol the protocol as {@code SSLSession} names it, for example {@code "TLSv1.3"}
 * @param cipherSuite the IANA name of the negotiated suite
 * @param peerCertificates the server's chain as it sent it, leaf first; never null
 * @param applicationProtocol the ALPN protocol chosen by the server, empty when none was
 * @param resumed whether the handshake resumed an earlier session (TLS 1.3 PSK, a TLS 1.2
 *     ticket or session ID) instead of a full key exchange; the peer certificates are then those
 *     of the resumed session, verified when it was first established
 */
public record TlsSessionInfo(String protocol,
                             String cipherSuite,
                             List<X509Certificate> peerCertificates,
                             Optional<String> applicationProtocol,
                             boolean resumed) {
    /** Checks for nulls and copies the chain. */
    public TlsSessionInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        peerCertificates = List.copyOf(peerCertificates);
        Objects.requireNonNull(applicationProtocol, "applicationProtocol");
    }

    /** A full handshake's session: {@code resumed} false. */
    public TlsSessionInfo(String protocol, String cipherSuite, List<X509Certificate> peerCertificates,
                          Optional<String> applicationProtocol) {
        this(protocol, cipherSuite, peerCertificates, applicationProtocol, false);
    }
}
