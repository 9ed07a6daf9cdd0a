package tcp.client.testkit;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Vector;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedDecryptor;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The server side of TLS for {@link TestServer}: builds the engine once, then layers each accepted
 * socket and runs its handshake.
 *
 * <p>Thread-safe: immutable after construction; each handshake uses only its own objects.
 */
abstract class ServerTls {

    /** What a completed (or failed) handshake revealed. */
    static final class HandshakeFacts {
        volatile String sniName;
        volatile List<X509Certificate> clientCertificates = List.of();
    }

    final TlsServerOptions options;

    private ServerTls(TlsServerOptions options) {
        this.options = options;
    }

    static ServerTls create(TlsServerOptions options) {
        return switch (options.engine()) {
            case SUNJSSE -> new Jsse(options, Security.getProvider("SunJSSE"), "SunX509");
            case BCJSSE -> new Jsse(options, PrivateProviders.bouncyCastleJsse(), "X.509");
            case BC_TLS -> new Legacy(options);
            case AUTO -> throw new IllegalStateException("engine AUTO is resolved by TlsServerOptions");
        };
    }

    /**
     * Runs the server handshake on {@code connection}'s raw socket and returns the socket the
     * behaviour uses; records SNI and client certificates into {@code facts} as soon as known.
     */
    abstract Socket handshake(ServerConnection connection, HandshakeFacts facts) throws IOException;

    /** SunJSSE or BCJSSE through the JSSE API. */
    private static final class Jsse extends ServerTls {
        private final SSLSocketFactory factory;
        private final boolean bouncyCastle;

        Jsse(TlsServerOptions options, Provider provider, String keyManagerAlgorithm) {
            super(options);
            this.bouncyCastle = options.engine() == TlsServerOptions.Engine.BCJSSE;
            try {
                char[] password = "testkit".toCharArray();
                // The "simple" key managers (SunX509, BC's X.509) hand out the configured key
                // without judging validity or key usage, so that expired or clientAuth-only
                // leaves reach the client, which is the party under test.
                KeyManagerFactory keys = KeyManagerFactory.getInstance(keyManagerAlgorithm, provider);
                keys.init(options.identity().keyStore(password), password);
                TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX", provider);
                trust.init(TestPki.trustStore(options.clientTrust().toArray(new X509Certificate[0])));
                SSLContext context = SSLContext.getInstance("TLS", provider);
                context.init(keys.getKeyManagers(), trust.getTrustManagers(), PrivateProviders.random());
                SSLParameters supported = context.getSupportedSSLParameters();
                requireSupported("protocol", options.protocols(), supported.getProtocols(), provider);
                requireSupported("cipher suite", options.cipherSuites(), supported.getCipherSuites(), provider);
                this.factory = context.getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build a " + provider.getName() + " server context", e);
            }
        }

        @Override
        Socket handshake(ServerConnection connection, HandshakeFacts facts) throws IOException {
            // Layering over the tapped raw stream (as "consumed" input) lets the server tell a
            // close_notify from a bare TCP end of stream; see ServerConnection.endOfStream().
            SSLSocket ssl = (SSLSocket) factory.createSocket(connection.raw(), connection.tappedRawInput(), true);
            connection.layer(ssl);
            ssl.setUseClientMode(false);
            SSLParameters parameters = ssl.getSSLParameters();
            if (!options.protocols().isEmpty()) {
                parameters.setProtocols(options.protocols().toArray(new String[0]));
            }
            if (!options.cipherSuites().isEmpty()) {
                parameters.setCipherSuites(options.cipherSuites().toArray(new String[0]));
            }
            if (!options.applicationProtocols().isEmpty()) {
                parameters.setApplicationProtocols(options.applicationProtocols().toArray(new String[0]));
            }
            parameters.setNeedClientAuth(options.needClientAuth());
            parameters.setSNIMatchers(List.of(new RecordingMatcher(facts)));
            ssl.setSSLParameters(parameters);
            if (bouncyCastle && !options.namedGroups().isEmpty()) {
                BCSSLSocket bc = (BCSSLSocket) ssl;
                BCSSLParameters bcParameters = bc.getParameters();
                bcParameters.setNamedGroups(options.namedGroups().toArray(new String[0]));
                bc.setParameters(bcParameters);
            }
            ssl.startHandshake();
            try {
                List<X509Certificate> peer = new ArrayList<>();
                for (Certificate certificate : ssl.getSession().getPeerCertificates()) {
                    peer.add((X509Certificate) certificate);
                }
                facts.clientCertificates = List.copyOf(peer);
            } catch (SSLPeerUnverifiedException e) {
                facts.clientCertificates = List.of();
            }
            return ssl;
        }
    }

    /** Records the SNI host name while the ClientHello is processed, accepting every name. */
    private static final class RecordingMatcher extends SNIMatcher {
        private final HandshakeFacts facts;

        RecordingMatcher(HandshakeFacts facts) {
            super(StandardConstants.SNI_HOST_NAME);
            this.facts = facts;
        }

        @Override
        public boolean matches(SNIServerName serverName) {
            facts.sniName = serverName instanceof SNIHostName host
                    ? host.getAsciiName()
                    : new SNIHostName(serverName.getEncoded()).getAsciiName();
            return true;
        }
    }

    /**
     * Bouncy Castle's low-level TLS protocol over its own crypto, for TLS 1.0/1.1. Both JSSE
     * providers (BCJSSE too) read {@code jdk.tls.disabledAlgorithms}, which disables those versions
     * on Java 17, and the only way around that in JSSE is a JVM-wide property change.
     */
    private static final class Legacy extends ServerTls {
        private static final int[] LEGACY_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        };

        private final ProtocolVersion[] versions;
        private final int[] suites;
        private final AsymmetricKeyParameter key;
        private final List<byte[]> chain = new ArrayList<>();
        private final boolean rsa;

        Legacy(TlsServerOptions options) {
            super(options);
            List<ProtocolVersion> list = new ArrayList<>();
            for (String name : List.of("TLSv1.2", "TLSv1.1", "TLSv1")) {
                if (options.protocols().contains(name)) {
                    list.add(switch (name) {
                        case "TLSv1.2" -> ProtocolVersion.TLSv12;
                        case "TLSv1.1" -> ProtocolVersion.TLSv11;
                        default -> ProtocolVersion.TLSv10;
                    });
                }
            }
            this.versions = list.toArray(new ProtocolVersion[0]);
            this.suites = options.cipherSuites().isEmpty()
                    ? LEGACY_SUITES
                    : options.cipherSuites().stream().mapToInt(Legacy::suiteCode).toArray();
            try {
                this.key = PrivateKeyFactory.createKey(options.identity().privateKey().getEncoded());
                for (X509Certificate certificate : options.identity().chain()) {
                    chain.add(certificate.getEncoded());
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot load " + options.identity() + " for the BC TLS server", e);
            }
            this.rsa = "RSA".equals(options.identity().privateKey().getAlgorithm());
        }

        private static int suiteCode(String name) {
            try {
                Field field = CipherSuite.class.getField(name);
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                    return field.getInt(null);
                }
            } catch (NoSuchFieldException | IllegalAccessException e) {
                throw new IllegalArgumentException("invalid cipher suite \"" + name
                        + "\": not known to Bouncy Castle's TLS API", e);
            }
            throw new IllegalArgumentException("invalid cipher suite \"" + name + "\": not a suite constant");
        }

        @Override
        Socket handshake(ServerConnection connection, HandshakeFacts facts) throws IOException {
            BcTlsCrypto crypto = new BcTlsCrypto(PrivateProviders.random());
            TlsCertificate[] certificates = new TlsCertificate[chain.size()];
            for (int i = 0; i < certificates.length; i++) {
                certificates[i] = crypto.createCertificate(chain.get(i));
            }
            org.bouncycastle.tls.Certificate certificate = new org.bouncycastle.tls.Certificate(certificates);
            TlsServerProtocol protocol = new TlsServerProtocol(connection.tappedRawInput(),
                    connection.raw().getOutputStream());
            LegacyTlsSocket socket = new LegacyTlsSocket(connection.raw(), protocol);
            connection.layer(socket);
            protocol.accept(new DefaultTlsServer(crypto) {
                @Override
                public ProtocolVersion[] getProtocolVersions() {
                    return versions.clone();
                }

                @Override
                protected int[] getSupportedCipherSuites() {
                    return TlsUtils.getSupportedCipherSuites(crypto, suites);
                }

                @Override
                @SuppressWarnings("rawtypes") // overrides Bouncy Castle's raw signature
                public void processClientExtensions(java.util.Hashtable clientExtensions) throws IOException {
                    super.processClientExtensions(clientExtensions);
                    Vector<?> names = TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
                    if (names != null) {
                        for (Object name : names) {
                            ServerName serverName = (ServerName) name;
                            if (serverName.getNameType() == NameType.host_name) {
                                facts.sniName = new String(serverName.getNameData(),
                                        java.nio.charset.StandardCharsets.US_ASCII);
                            }
                        }
                    }
                }

                @Override
                protected TlsCredentialedSigner getECDSASignerCredentials() {
                    return rsa ? null : signer(SignatureAlgorithm.ecdsa);
                }

                @Override
                protected TlsCredentialedSigner getRSASignerCredentials() {
                    return rsa ? signer(SignatureAlgorithm.rsa) : null;
                }

                @Override
                protected TlsCredentialedDecryptor getRSAEncryptionCredentials() {
                    return rsa ? new BcDefaultTlsCredentialedDecryptor(crypto, certificate, key) : null;
                }

                private TlsCredentialedSigner signer(short algorithm) {
                    // Before TLS 1.2 the signature's hash is implied by the suite, so none is named.
                    SignatureAndHashAlgorithm named = TlsUtils.isTLSv12(context)
                            ? new SignatureAndHashAlgorithm(HashAlgorithm.sha256, algorithm)
                            : null;
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key,
                            certificate, named);
                }
            });
            return socket;
        }
    }

    private static void requireSupported(String what, List<String> requested, String[] supported, Provider provider) {
        Set<String> known = new HashSet<>(Arrays.asList(supported));
        for (String name : requested) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("invalid " + what + " \"" + name + "\": not supported by "
                        + provider.getName() + " " + provider.getVersionStr());
            }
        }
    }
}
