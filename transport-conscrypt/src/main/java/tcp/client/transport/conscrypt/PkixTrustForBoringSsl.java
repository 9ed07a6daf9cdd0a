package tcp.client.transport.conscrypt;

import java.net.Socket;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's PKIX trust managers, with BoringSSL's TLS 1.3 auth type translated into the JDK's.
 *
 * <p>Why: for TLS 1.3 Conscrypt passes BoringSSL's key exchange name {@code "GENERIC"} as the
 * {@code authType}, which the JDK's validator does not know: it refuses every certificate that
 * has a key usage extension with {@code CertificateException: Unknown authType: GENERIC}
 * (https://github.com/google/conscrypt/issues/1033). The JDK's own name for TLS 1.3 is
 * {@code "UNKNOWN"}, which requires the digitalSignature key usage that TLS 1.3 needs. Netty maps it
 * the same way (https://github.com/netty/netty-incubator-codec-quic/pull/816). Every other auth
 * type passes unchanged, so chains are validated exactly as on the JDK transport.
 */
final class PkixTrustForBoringSsl {
    private static final String BORINGSSL_TLS13 = "GENERIC";
    private static final String JDK_TLS13 = "UNKNOWN";

    private PkixTrustForBoringSsl() {
    }

    /** A new, uninitialised factory over the JDK's default PKIX trust manager factory. */
    static TrustManagerFactory newFactory() throws NoSuchAlgorithmException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance("PKIX");
        return new TrustManagerFactory(new Spi(jdk), jdk.getProvider(), jdk.getAlgorithm()) {
        };
    }

    private static String jdkAuthType(String authType) {
        return BORINGSSL_TLS13.equals(authType) ? JDK_TLS13 : authType;
    }

    private static final class Spi extends TrustManagerFactorySpi {
        private final TrustManagerFactory jdk;

        Spi(TrustManagerFactory jdk) {
            this.jdk = jdk;
        }

        @Override
        protected void engineInit(KeyStore keyStore) throws KeyStoreException {
            jdk.init(keyStore);
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
            jdk.init(parameters);
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            TrustManager[] managers = jdk.getTrustManagers().clone();
            for (int i = 0; i < managers.length; i++) {
                if (managers[i] instanceof X509TrustManager x) {
                    managers[i] = new Translating(x);
                }
            }
            return managers;
        }
    }

    /** Passes every call on, with the auth type translated. */
    private static final class Translating extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        Translating(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, jdkAuthType(authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (delegate instanceof X509ExtendedTrustManager x) {
                x.checkServerTrusted(chain, jdkAuthType(authType), socket);
            } else {
                delegate.checkServerTrusted(chain, jdkAuthType(authType));
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (delegate instanceof X509ExtendedTrustManager x) {
                x.checkServerTrusted(chain, jdkAuthType(authType), engine);
            } else {
                delegate.checkServerTrusted(chain, jdkAuthType(authType));
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (delegate instanceof X509ExtendedTrustManager x) {
                x.checkClientTrusted(chain, authType, socket);
            } else {
                delegate.checkClientTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (delegate instanceof X509ExtendedTrustManager x) {
                x.checkClientTrusted(chain, authType, engine);
            } else {
                delegate.checkClientTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
