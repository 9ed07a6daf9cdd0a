package tcp.client.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TlsServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final TestPki pki = TestPki.shared();

    private static void echoOnce(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        assertArrayEquals("ping\n".getBytes(StandardCharsets.US_ASCII), socket.getInputStream().readNBytes(5));
    }

    @Test
    void tlsEchoWorksWithChainVerificationAndCloseNotifyIsSeen() throws Exception {
        int providersBefore = Security.getProviders().length;
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            try (SSLSocket socket = JdkClient.trustingTestRoot().connect(server.port(), "localhost")) {
                echoOnce(socket);
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
                assertEquals(2, socket.getSession().getPeerCertificates().length);
            }
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.CLOSE_NOTIFY, server.events().get(0).ending(), server.events()::toString);
            assertEquals(List.of("localhost"), server.sniNames());
        }
        assertEquals(providersBefore, Security.getProviders().length);
    }

    @Test
    void ipLiteralTargetSendsNoSniAndMatchesTheIpSan() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
                SSLSocket socket = JdkClient.trustingTestRoot().connect(server.port(), null)) {
            echoOnce(socket);
            socket.close();
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(List.of(""), server.sniNames());
        }
    }

    @Test
    void truncatedAndResetConnectionsAreToldApart() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            JdkClient.Layered truncated = JdkClient.trustingTestRoot().connectLayered(server.port(), "localhost");
            echoOnce(truncated.ssl());
            truncated.raw().close(); // TCP FIN without close_notify
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.PEER_EOF, server.events().get(0).ending(), server.events()::toString);

            JdkClient.Layered reset = JdkClient.trustingTestRoot().connectLayered(server.port(), "localhost");
            echoOnce(reset.ssl());
            reset.raw().setSoLinger(true, 0);
            reset.raw().close(); // RST
            assertTrue(server.awaitEnds(2, WAIT));
            assertEquals(Ending.RESET, server.events().get(1).ending(), server.events()::toString);
        }
    }

    @Test
    void expiredLeafIsRejectedByTheJdkClient() throws Exception {
        TlsServerOptions options = TlsServerOptions.builder()
                .identity(pki.leaf("localhost").dns("localhost").expired().issue()).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options)) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> JdkClient.trustingTestRoot().connect(server.port(), "localhost").close());
            assertTrue(String.valueOf(e.getMessage()).contains("validity"), e::toString);
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.HANDSHAKE_FAILED, server.events().get(0).ending());
        }
    }

    @Test
    void leafOnlyChainAndUntrustedRootAreRejected() throws Exception {
        for (Identity identity : List.of(pki.leaf("localhost").leafOnly().issue(),
                pki.leaf("localhost").fromUntrustedRoot().issue())) {
            try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().identity(identity).build())) {
                assertThrows(SSLHandshakeException.class,
                        () -> JdkClient.trustingTestRoot().connect(server.port(), "localhost").close());
            }
        }
    }

    @Test
    void tls12OnlyServerNegotiatesTls12() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().protocols("TLSv1.2").build());
                SSLSocket socket = JdkClient.trustingTestRoot().connect(server.port(), "localhost")) {
            echoOnce(socket);
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
        }
    }

    @Test
    void rsaKeyExchangeSuiteNeedsAnRsaIdentity() throws Exception {
        // Bouncy Castle at both ends: SunJSSE 24+ neither offers nor serves static-RSA suites.
        TlsServerOptions options = TlsServerOptions.builder().protocols("TLSv1.2")
                .cipherSuites("TLS_RSA_WITH_AES_128_CBC_SHA").identity(pki.rsaServer())
                .engine(TlsServerOptions.Engine.BC_TLS).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options);
                SSLSocket socket = (SSLSocket) bcClientContext().getSocketFactory()
                        .createSocket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA"});
            echoOnce(socket);
            assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", socket.getSession().getCipherSuite());
        }
    }

    @Test
    void unknownSuiteIsRejectedAtStart() {
        TlsServerOptions options = TlsServerOptions.builder().cipherSuites("TLS_NOPE").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestServer.tls(Behaviour.ECHO, options).close());
        assertTrue(e.getMessage().contains("TLS_NOPE"), e.getMessage());
    }

    @Test
    void tls10OnlyServerRejectsTheJdkClientButServesTls10() throws Exception {
        TlsServerOptions options = TlsServerOptions.builder().protocols("TLSv1").build();
        assertEquals(TlsServerOptions.Engine.BC_TLS, options.engine());
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options)) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> JdkClient.trustingTestRoot().connect(server.port(), "localhost").close());
            assertTrue(String.valueOf(e.getMessage()).contains("protocol_version"), e::toString);

            // A Bouncy Castle low-level client, which has no disabled list, does get TLS 1.0.
            try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                raw.setSoTimeout(10_000);
                TlsClientProtocol protocol = new TlsClientProtocol(raw.getInputStream(), raw.getOutputStream());
                protocol.connect(new DefaultTlsClient(new BcTlsCrypto(new SecureRandom())) {
                    @Override
                    protected ProtocolVersion[] getSupportedVersions() {
                        return ProtocolVersion.TLSv10.only();
                    }

                    @Override
                    public TlsAuthentication getAuthentication() {
                        return new TlsAuthentication() {
                            @Override
                            public void notifyServerCertificate(TlsServerCertificate certificate) {
                                // the chain is checked elsewhere; this only proves the version
                            }

                            @Override
                            public TlsCredentials getClientCredentials(CertificateRequest request) {
                                return null;
                            }
                        };
                    }

                    @Override
                    public void notifyServerVersion(ProtocolVersion version) throws IOException {
                        super.notifyServerVersion(version);
                        assertEquals(ProtocolVersion.TLSv10, version);
                    }
                });
                protocol.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("ping\n".getBytes(StandardCharsets.US_ASCII), protocol.getInputStream().readNBytes(5));
                protocol.close();
            }
            assertTrue(server.awaitEnds(2, WAIT));
            assertEquals(Ending.CLOSE_NOTIFY, server.events().get(1).ending(), server.events()::toString);
        }
    }

    @Test
    void namedGroupServersAcceptOnlyTheirGroup() throws Exception {
        SSLContext bc = bcClientContext();
        try (TestServer x25519 = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().namedGroups("x25519").build());
                TestServer p256 = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().namedGroups("secp256r1").build())) {
            assertEquals(TlsServerOptions.Engine.BCJSSE, x25519.tlsOptions().orElseThrow().engine());
            assertEquals("RSA", x25519.tlsOptions().orElseThrow().identity().privateKey().getAlgorithm());
            try (SSLSocket socket = bcConnect(bc, x25519.port(), "x25519")) {
                echoOnce(socket);
            }
            // BCJSSE reports the peer's alert as TlsFatalAlertReceived, an IOException but not an SSLException.
            assertThrows(IOException.class, () -> bcConnect(bc, p256.port(), "x25519").close());
            try (SSLSocket socket = bcConnect(bc, p256.port(), "secp256r1")) {
                echoOnce(socket);
            }
            // The JDK client offers both by default.
            try (SSLSocket socket = JdkClient.trustingTestRoot().connect(x25519.port(), "localhost")) {
                echoOnce(socket);
            }
        }
    }

    @Test
    void alpnSelectsHttp11() throws Exception {
        TlsServerOptions options = TlsServerOptions.builder().applicationProtocols("http/1.1").build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options)) {
            try (SSLSocket socket = JdkClient.trustingTestRoot().connect(server.port(), "localhost", "h2", "http/1.1")) {
                assertEquals("http/1.1", socket.getApplicationProtocol());
            }
            try (SSLSocket socket = JdkClient.trustingTestRoot().connect(server.port(), "localhost")) {
                assertEquals("", socket.getApplicationProtocol());
            }
        }
    }

    @Test
    void mutualTlsRecordsTheClientChainAndRefusesClientsWithout() throws Exception {
        TlsServerOptions options = TlsServerOptions.builder().needClientAuth(true).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options)) {
            try (SSLSocket socket = JdkClient.trusting(pki.rootKeyStore(), pki.client()).connect(server.port(), "localhost")) {
                echoOnce(socket);
            }
            assertEquals(pki.client().chain(), server.lastClientCertificates());
            assertThrows(IOException.class, () -> {
                try (SSLSocket socket = JdkClient.trustingTestRoot().connect(server.port(), "localhost")) {
                    echoOnce(socket); // TLS 1.3: the refusal arrives after the client's handshake
                }
            });
        }
    }

    @Test
    void stalledHandshakeTimesOutTheClient() throws Exception {
        TlsServerOptions options = TlsServerOptions.builder().stallBeforeHandshake(true).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options)) {
            SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
            context.init(null, null, null);
            try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                raw.setSoTimeout(300);
                SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost", server.port(), false);
                assertThrows(SocketTimeoutException.class, ssl::startHandshake);
            }
        }
    }

    @Test
    void halfCloseOverTls13StillSendsBye() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.HALF_CLOSE_ECHO);
                SSLSocket socket = JdkClient.trustingTestRoot().connect(server.port(), "localhost")) {
            socket.getOutputStream().write("abc".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertEquals("abcbye", new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.CLOSE_NOTIFY, server.events().get(0).ending());
        }
    }

    @Test
    void sunJsseCannotBeForcedToServeTls10() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsServerOptions.builder()
                .protocols("TLSv1").engine(TlsServerOptions.Engine.SUNJSSE).build());
        assertTrue(e.getMessage().contains("disabledAlgorithms"), e.getMessage());
    }

    private static SSLContext bcClientContext() throws Exception {
        BouncyCastleJsseProvider provider = new BouncyCastleJsseProvider(PrivateProviders.bouncyCastle());
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX", provider);
        trust.init(TestPki.shared().rootKeyStore());
        SSLContext context = SSLContext.getInstance("TLS", provider);
        context.init(null, trust.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static SSLSocket bcConnect(SSLContext context, int port, String group) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        try {
            socket.setSoTimeout(10_000);
            BCSSLSocket bc = (BCSSLSocket) socket;
            BCSSLParameters parameters = bc.getParameters();
            parameters.setNamedGroups(new String[] {group});
            bc.setParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
