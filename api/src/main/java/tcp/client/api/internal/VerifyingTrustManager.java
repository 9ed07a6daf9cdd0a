package tcp.client.api.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies a server the same way on every transport: PKIX path validation by the delegate, then
 * {@link CertificatePolicy} and {@link ServerIdentity} on the host the socket was created for.
 *
 * <p>Host names are checked here rather than through JSSE's endpoint identification because the
 * providers differ: the JDK falls back to the subject CN when a certificate has no DNS name, and
 * not every provider checks IP literals against IP SANs.
 *
 * <p>The auth type {@code GENERIC}, which BoringSSL-based providers pass for TLS 1.3 (Conscrypt's
 * issue 1033), is read as the JDK's name for TLS 1.3, {@code UNKNOWN}: the JDK's validator refuses a
 * name it does not know for every certificate with a key usage extension, whereas {@code UNKNOWN}
 * requires the digitalSignature usage that TLS 1.3 needs. Every other auth type passes unchanged.
 *
 * <p>A chain validated once is not validated again while it stays within its validity (see
 * {@link VerifiedChains}): reconnecting to the same server skips the chain's signature checks.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {
    /**
     * Server verifications run by each thread: a blocking handshake verifies on the thread that
     * runs it, and a resumed handshake verifies nothing, since no certificate is sent.
     */
    private static final ThreadLocal<long[]> VERIFICATIONS = ThreadLocal.withInitial(() -> new long[1]);

    private final X509TrustManager pkix;
    private final VerifiedChains verified = new VerifiedChains();

    /**
     * @param pkix validates chains to the configured roots; its two-argument
     *     {@code checkServerTrusted} must do no host name check of its own
     */
    VerifyingTrustManager(X509TrustManager pkix) {
        this.pkix = pkix;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLSession session = socket instanceof SSLSocket s ? s.getHandshakeSession() : null;
        verify(chain, authType, session == null ? null : session.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        SSLSession session = engine == null ? null : engine.getHandshakeSession();
        String host = session != null ? session.getPeerHost() : engine == null ? null : engine.getPeerHost();
        verify(chain, authType, host);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        // Without a socket there is no host to check: refuse rather than skip the check.
        throw new CertificateException("server identity cannot be checked without the connection's host name");
    }

    /** How many chains this trust manager holds as validated. */
    int verifiedChains() {
        return verified.size();
    }

    /** How many server verifications the calling thread has run so far. */
    static long verificationsOnThisThread() {
        return VERIFICATIONS.get()[0];
    }

    private void verify(X509Certificate[] chain, String authType, String host) throws CertificateException {
        VERIFICATIONS.get()[0]++;
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        if (host == null || host.isEmpty()) {
            throw new CertificateException("no server name to verify the certificate against");
        }
        String type = "GENERIC".equals(authType) ? "UNKNOWN" : authType;
        VerifiedChains.Key key = VerifiedChains.key(chain, type);
        if (key == null || !verified.contains(key, System.currentTimeMillis())) {
            pkix.checkServerTrusted(chain, type);
            if (key != null) {
                verified.add(key, chain);
            }
        }
        CertificatePolicy.check(chain);
        ServerIdentity.verify(host, chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not verify client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
