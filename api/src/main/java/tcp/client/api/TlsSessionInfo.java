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
 */
public record TlsSessionInfo(String protocol,
                             String cipherSuite,
                             List<X509Certificate> peerCertificates,
                             Optional<String> applicationProtocol) {
    /** Checks for nulls and copies the chain. */
    public TlsSessionInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        peerCertificates = List.copyOf(peerCertificates);
        Objects.requireNonNull(applicationProtocol, "applicationProtocol");
    }
}
