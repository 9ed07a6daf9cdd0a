package tcp.client.transport.conscrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.TlsVersion;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** Server verification, SNI and session details through Conscrypt. */
@Timeout(30)
class ConscryptTlsIdentityTest {
    private static final TestPki PKI = TestPki.shared();

    private static TestServer serverWith(Identity identity) throws IOException {
        return TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().identity(identity).build());
    }

    /** Connects and expects the handshake to be refused; the client must end disconnected. */
    private static SSLException refused(TestServer server, TlsConfig config, String serverName) throws IOException {
        try (ClientTCP client = Echo.client(server.address()).tls(config, serverName).build()) {
            SSLException e = assertThrows(SSLException.class, client::connect);
            assertFalse(client.isConnected());
            return e;
        }
    }

    @Test
    void plainEchoWorks() throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Echo.client(server.address()).build()) {
            client.connect();
            assertEquals("conscrypt", client.transport());
            assertEquals("hello", Echo.roundTrip(client, "hello"));
            assertTrue(client.tlsSession().isEmpty());
        }
    }

    @Test
    void tlsEchoWithPrivateCaShowsTheSession() throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Echo.client(server.address()).tls(Echo.trustingTestRoot().build(), "localhost").build()) {
            client.connect();
            assertEquals("conscrypt", client.transport());
            assertEquals("Production message", Echo.roundTrip(client, "Production message"));
            TlsSessionInfo session = client.tlsSession().orElseThrow();
            assertEquals("TLSv1.3", session.protocol());
            assertTrue(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")
                    .contains(session.cipherSuite()), session.cipherSuite());
            assertEquals(List.of(PKI.server().certificate(), PKI.intermediate()), session.peerCertificates());
            assertTrue(session.applicationProtocol().isEmpty());
            assertEquals(List.of("localhost"), server.sniNames());
        }
    }

    @Test
    void wrongServerNameIsRefused() throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            SSLException e = refused(server, Echo.trustingTestRoot().build(), "wrong.example");
            assertTrue(String.valueOf(rootCause(e).getMessage()).contains("wrong.example"), e::toString);
        }
    }

    @Test
    void untrustedRootIsRefused() throws IOException {
        try (TestServer server = serverWith(PKI.leaf("localhost").fromUntrustedRoot().issue())) {
            refused(server, Echo.trustingTestRoot().build(), "localhost");
        }
    }

    @Test
    void expiredCertificateIsRefused() throws IOException {
        try (TestServer server = serverWith(PKI.leaf("localhost").expired().issue())) {
            refused(server, Echo.trustingTestRoot().build(), "localhost");
        }
    }

    @Test
    void certificateNamingTheHostOnlyInItsCommonNameIsRefused() throws IOException {
        try (TestServer server = serverWith(PKI.leaf("localhost").noSan().issue())) {
            refused(server, Echo.trustingTestRoot().build(), "localhost");
        }
    }

    @Test
    void ipLiteralIsVerifiedAgainstIpSanAndGetsNoSni() throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Echo.client(server.address()).tls(Echo.trustingTestRoot().build(), null).build()) {
            client.connect();
            assertEquals("ip", Echo.roundTrip(client, "ip"));
            assertEquals(List.of(""), server.sniNames());
        }
    }

    @Test
    void ipLiteralMissingFromTheCertificateIsRefused() throws IOException {
        try (TestServer server = serverWith(PKI.leaf("localhost").dns("localhost").issue())) {
            refused(server, Echo.trustingTestRoot().build(), null);
        }
    }

    @Test
    void nameThatIsNoValidSniIsVerifiedButNotSent() throws IOException {
        // Conscrypt would send "a_b.example" as SNI (and throw from getSSLParameters); the other
        // transports send none and verify the name: so must this one.
        try (TestServer server = serverWith(PKI.leaf("a_b.example").dns("a_b.example").issue());
             ClientTCP client = Echo.client(server.address()).tls(Echo.trustingTestRoot().build(), "a_b.example").build()) {
            client.connect();
            assertEquals("underscore", Echo.roundTrip(client, "underscore"));
            assertEquals(List.of(""), server.sniNames());
        }
    }

    @Test
    void tls12OnlyServerIsRefusedUnderATls13Floor() throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().protocols("TLSv1.2").build())) {
            refused(server, Echo.trustingTestRoot().versionMin(TlsVersion.TLS_1_3).build(), "localhost");
        }
    }

    @Test
    void tls12OnlyServerIsReachedByDefault() throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().protocols("TLSv1.2").build());
             ClientTCP client = Echo.client(server.address()).tls(Echo.trustingTestRoot().build(), "localhost").build()) {
            client.connect();
            assertEquals("twelve", Echo.roundTrip(client, "twelve"));
            assertEquals("TLSv1.2", client.tlsSession().orElseThrow().protocol());
        }
    }

    @Test
    void repeatedConnectsWithOneConfigShowThePeerChainEachTime() throws IOException {
        TlsConfig config = Echo.trustingTestRoot().build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().protocols("TLSv1.2").build())) {
            for (int i = 0; i < 2; i++) {
                try (ClientTCP client = Echo.client(server.address()).tls(config, "localhost").build()) {
                    client.connect();
                    assertEquals("again", Echo.roundTrip(client, "again"));
                    assertEquals(List.of(PKI.server().certificate(), PKI.intermediate()),
                            client.tlsSession().orElseThrow().peerCertificates());
                }
            }
        }
    }

    @Test
    void clientKeyPairIsPresented() throws IOException, InterruptedException {
        assertClientKeyPairPresented(TlsServerOptions.builder().needClientAuth(true).build());
    }

    @Test
    void clientKeyPairIsPresentedOverTls12() throws IOException, InterruptedException {
        assertClientKeyPairPresented(TlsServerOptions.builder().needClientAuth(true).protocols("TLSv1.2").build());
    }

    private static void assertClientKeyPairPresented(TlsServerOptions serverOptions)
            throws IOException, InterruptedException {
        Identity me = PKI.client();
        TlsConfig config = Echo.trustingTestRoot()
                .certificatePairPem(me.privateKeyPkcs8Pem(), me.chainPem())
                .build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, serverOptions);
             ClientTCP client = Echo.client(server.address()).tls(config, "localhost").build()) {
            client.connect();
            assertEquals("mtls", Echo.roundTrip(client, "mtls"));
            assertTrue(server.awaitAccepted(1, Duration.ofSeconds(5)));
            assertEquals(me.chain(), server.lastClientCertificates());
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
