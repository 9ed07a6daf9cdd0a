package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.TlsVersion;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/**
 * RSASSA-PSS, which TLS 1.3 requires for every RSA signature, on both cryptos. Over the JDK's
 * crypto BCJSSE asks for PSS under Bouncy Castle's own algorithm names, which the JDK lacks; see
 * {@link JdkTlsCryptoProvider}.
 */
@Timeout(30)
class RsaPssTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SIGNATURE_ALGORITHMS = 13;

    /** An RSA-2048 client identity (clientAuth, chained to the shared root), made once: RSA keys are slow. */
    private static final class RsaClient {
        static final Identity INSTANCE = TestPki.shared().leaf("rsa-client").forClient().rsa(2048).issue();
    }

    @BothCryptos
    void clientHelloOffersTheRsaPssSchemes(String crypto) throws Exception {
        List<Integer> offered = offeredSignatureSchemes(crypto);
        for (int scheme : new int[] {
            SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pss_rsae_sha384, SignatureScheme.rsa_pss_rsae_sha512,
            SignatureScheme.rsa_pss_pss_sha256, SignatureScheme.rsa_pss_pss_sha384, SignatureScheme.rsa_pss_pss_sha512,
        }) {
            assertTrue(offered.contains(scheme), () -> SignatureScheme.getText(scheme) + " missing from "
                    + names(offered));
        }
        // The other schemes are still offered alongside.
        assertTrue(offered.contains(SignatureScheme.ecdsa_secp256r1_sha256), () -> names(offered));
        assertTrue(offered.contains(SignatureScheme.rsa_pkcs1_sha256), () -> names(offered));
    }

    /** The JDK's crypto answers PSS through an installed JDK provider, not a Bouncy Castle one. */
    @Test
    void jcaCryptoComputesPssParametersWithTheJdksProvider() throws Exception {
        JcaTlsCrypto crypto = (JcaTlsCrypto) new JdkTlsCryptoProvider().create(new SecureRandom());
        assertTrue(crypto.hasSignatureScheme(SignatureScheme.rsa_pss_rsae_sha384));
        AlgorithmParameters parameters = crypto.getSignatureSchemeAlgorithmParameters(
                SignatureScheme.rsa_pss_rsae_sha384);
        assertSame(Security.getProvider(parameters.getProvider().getName()), parameters.getProvider(),
                parameters.getProvider()::toString);
        PSSParameterSpec spec = parameters.getParameterSpec(PSSParameterSpec.class);
        assertEquals("SHA-384", spec.getDigestAlgorithm());
        assertEquals("MGF1", spec.getMGFAlgorithm());
        assertEquals("SHA-384", assertInstanceOf(MGF1ParameterSpec.class, spec.getMGFParameters()).getDigestAlgorithm());
        assertEquals(48, spec.getSaltLength());
        assertEquals(1, spec.getTrailerField());
    }

    /** TLS 1.3 allows only PSS for an RSA server certificate; TLS 1.2 verifies the ServerKeyExchange with it. */
    @ParameterizedTest(name = "crypto={0} {1}")
    @CsvSource({"jca, TLSv1.3", "bc, TLSv1.3", "jca, TLSv1.2", "bc, TLSv1.2"})
    void echoWithAnRsaServerCertificate(String crypto, String protocol) throws IOException {
        Identity rsaServer = TestPki.shared().rsaServer();
        TlsServerOptions options = TlsServerOptions.builder().identity(rsaServer).protocols(protocol)
                .engine(TlsServerOptions.Engine.SUNJSSE).build();
        TlsConfig config = BcClients.trustingTestRoot().versionMin(TlsVersion.TLS_1_2).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options);
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(config, null))) {
            client.connect(WAIT);
            TlsSessionInfo session = client.tlsSession().orElseThrow();
            assertEquals(protocol, session.protocol());
            assertEquals(rsaServer.certificate(), session.peerCertificates().get(0));
            assertEquals("rsa server", EchoTest.roundTrip(client, "rsa server"));
        }
    }

    /** The client signs its CertificateVerify with its RSA key: in TLS 1.3 only PSS can. */
    @ParameterizedTest(name = "crypto={0} {1}")
    @CsvSource({"jca, TLSv1.3", "bc, TLSv1.3", "jca, TLSv1.2", "bc, TLSv1.2"})
    void mutualTlsWithAnRsaClientKey(String crypto, String protocol) throws IOException {
        Identity me = RsaClient.INSTANCE;
        TlsConfig mtls = BcClients.trustingTestRoot().versionMin(TlsVersion.TLS_1_2)
                .certificatePairPem(me.privateKeyPkcs8Pem(), me.chainPem()).build();
        TlsServerOptions options = TlsServerOptions.builder().protocols(protocol).needClientAuth(true)
                .engine(TlsServerOptions.Engine.SUNJSSE).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options);
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(mtls, null))) {
            client.connect(WAIT);
            assertEquals(protocol, client.tlsSession().orElseThrow().protocol());
            assertEquals("rsa client", EchoTest.roundTrip(client, "rsa client"));
            assertEquals(me.chain(), server.lastClientCertificates());
        }
    }

    /** Both at once: an RSA server certificate and an RSA client key over TLS 1.3. */
    @BothCryptos
    void mutualTls13WithRsaOnBothSides(String crypto) throws IOException {
        Identity me = RsaClient.INSTANCE;
        TlsConfig mtls = BcClients.trustingTestRoot().versionMin(TlsVersion.TLS_1_3)
                .certificatePairPem(me.privateKeyPkcs8Pem(), me.chainPem()).build();
        TlsServerOptions options = TlsServerOptions.builder().identity(TestPki.shared().rsaServer())
                .protocols("TLSv1.3").needClientAuth(true).engine(TlsServerOptions.Engine.SUNJSSE).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options);
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(mtls, null))) {
            client.connect(WAIT);
            assertEquals("TLSv1.3", client.tlsSession().orElseThrow().protocol());
            assertEquals("both", EchoTest.roundTrip(client, "both"));
            assertEquals(me.chain(), server.lastClientCertificates());
        }
    }

    /**
     * The signature_algorithms of the ClientHello a client of this crypto sends, read by a plain
     * server on 127.0.0.1 that then hangs up (so the client's handshake fails, as expected).
     */
    private static List<Integer> offeredSignatureSchemes(String crypto) throws Exception {
        CompletableFuture<List<Integer>> schemes = new CompletableFuture<>();
        try (TestServer server = TestServer.plain(socket -> {
                try {
                    schemes.complete(signatureAlgorithms(readClientHello(new DataInputStream(socket.getInputStream()))));
                } catch (IOException | RuntimeException e) {
                    schemes.completeExceptionally(e);
                }
            });
             ClientTCP client = BcClients.build(crypto, server.address(),
                     b -> b.tls(BcClients.trustingTestRoot().build(), null))) {
            assertThrows(IOException.class, () -> client.connect(WAIT));
            return schemes.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The body of the first handshake message, which must be a ClientHello. */
    private static ByteBuffer readClientHello(DataInputStream in) throws IOException {
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        int needed = -1;
        while (needed < 0 || handshake.size() < needed) {
            int type = in.readUnsignedByte();
            in.readUnsignedShort(); // record version
            byte[] fragment = new byte[in.readUnsignedShort()];
            in.readFully(fragment);
            if (type != HANDSHAKE) {
                throw new ProtocolException("not a handshake record: " + type);
            }
            handshake.write(fragment);
            byte[] head = handshake.toByteArray();
            if (needed < 0 && head.length >= 4) {
                if (head[0] != CLIENT_HELLO) {
                    throw new ProtocolException("not a ClientHello: " + head[0]);
                }
                needed = 4 + ((head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | head[3] & 0xff);
            }
        }
        return ByteBuffer.wrap(handshake.toByteArray(), 4, needed - 4).slice();
    }

    private static List<Integer> signatureAlgorithms(ByteBuffer hello) throws ProtocolException {
        skip(hello, 2 + 32); // legacy_version, random
        skip(hello, hello.get() & 0xff); // legacy_session_id
        skip(hello, u16(hello)); // cipher_suites
        skip(hello, hello.get() & 0xff); // legacy_compression_methods
        int end = u16(hello) + hello.position();
        while (hello.position() < end) {
            int type = u16(hello);
            int length = u16(hello);
            if (type == SIGNATURE_ALGORITHMS) {
                List<Integer> schemes = new ArrayList<>();
                int listEnd = u16(hello) + hello.position();
                while (hello.position() < listEnd) {
                    schemes.add(u16(hello));
                }
                return schemes;
            }
            skip(hello, length);
        }
        throw new ProtocolException("ClientHello without signature_algorithms");
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xffff;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    private static String names(List<Integer> schemes) {
        List<String> names = new ArrayList<>();
        for (int s : schemes) {
            names.add(SignatureScheme.getText(s));
        }
        return names.toString();
    }
}
