package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsVersion;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** Versions, suites, named groups, ALPN and client key pairs reach the handshake. */
@Timeout(30)
class TlsSettingsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BothCryptos
    void tls12OnlyServerIsRefusedUnderATls13Floor(String crypto) throws IOException {
        TlsConfig floor13 = BcClients.trustingTestRoot().versionMin(TlsVersion.TLS_1_3).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().protocols("TLSv1.2").build());
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(floor13, null))) {
            assertThrows(SSLHandshakeException.class, () -> client.connect(WAIT));
            assertFalse(client.isConnected());
        }
    }

    @BothCryptos
    void tls12IsNegotiatedWithATls12OnlyServer(String crypto) throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().protocols("TLSv1.2").build());
             ClientTCP client = BcClients.tls(crypto, "localhost:" + server.port(), null)) {
            client.connect(WAIT);
            assertEquals("TLSv1.2", client.tlsSession().orElseThrow().protocol());
            String suite = client.tlsSession().orElseThrow().cipherSuite();
            assertTrue(suite.startsWith("TLS_ECDHE_ECDSA_WITH_") && suite.contains("_GCM_"), suite);
            assertEquals("v12", EchoTest.roundTrip(client, "v12"));
        }
    }

    @BothCryptos
    void cipherSuitesRestrictTheNegotiatedSuite(String crypto) throws IOException {
        // Not the server's first choice (TLS_AES_256_GCM_SHA384), so only the restriction explains it.
        TlsConfig aes128 = BcClients.trustingTestRoot().cipherSuites(List.of("TLS_AES_128_GCM_SHA256")).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.defaults());
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(aes128, null))) {
            client.connect(WAIT);
            assertEquals("TLS_AES_128_GCM_SHA256", client.tlsSession().orElseThrow().cipherSuite());
        }
    }

    @Test
    void chachaSuiteIsRefusedBySetTlsOverJcaCrypto() throws IOException {
        TlsConfig chacha = BcClients.trustingTestRoot().cipherSuites(List.of("TLS_CHACHA20_POLY1305_SHA256")).build();
        try (ClientTCP client = BcClients.build("jca", "localhost:1", b -> b)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.setTLS(true, chacha, null));
            assertTrue(e.getMessage().contains("TLS_CHACHA20_POLY1305_SHA256") && e.getMessage().contains("transport bc"),
                    e.getMessage());
        }
    }

    @Test
    void chachaSuiteIsNegotiatedOverBcCrypto() throws IOException {
        TlsConfig chacha = BcClients.trustingTestRoot().cipherSuites(List.of("TLS_CHACHA20_POLY1305_SHA256")).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.defaults());
             ClientTCP client = BcClients.build("bc", "localhost:" + server.port(), b -> b.tls(chacha, null))) {
            client.connect(WAIT);
            assertEquals("TLS_CHACHA20_POLY1305_SHA256", client.tlsSession().orElseThrow().cipherSuite());
            assertEquals("chacha", EchoTest.roundTrip(client, "chacha"));
        }
    }

    @BothCryptos
    void alpnNegotiatesTheServersChoice(String crypto) throws IOException {
        TlsConfig alpn = BcClients.trustingTestRoot().applicationProtocols(List.of("h2", "http/1.1")).build();
        TlsServerOptions options = TlsServerOptions.builder().applicationProtocols("http/1.1").build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options);
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(alpn, null))) {
            client.connect(WAIT);
            assertEquals(Optional.of("http/1.1"), client.tlsSession().orElseThrow().applicationProtocol());
        }
    }

    @BothCryptos
    void namedGroupTheServerDoesNotAllowIsRefused(String crypto) throws IOException {
        TlsConfig x25519 = BcClients.trustingTestRoot().namedGroups(List.of("x25519")).build();
        TlsServerOptions p256Only = TlsServerOptions.builder().namedGroups("secp256r1").build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, p256Only);
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(x25519, null))) {
            assertThrows(SSLHandshakeException.class, () -> client.connect(WAIT));
            assertFalse(client.isConnected());
        }
    }

    @BothCryptos
    void namedGroupTheServerAllowsIsAccepted(String crypto) throws IOException {
        TlsConfig p256 = BcClients.trustingTestRoot().namedGroups(List.of("secp256r1")).build();
        TlsServerOptions p256Only = TlsServerOptions.builder().namedGroups("secp256r1").build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, p256Only);
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(p256, null))) {
            client.connect(WAIT);
            assertEquals("p256", EchoTest.roundTrip(client, "p256"));
        }
    }

    @BothCryptos
    void namedGroupThatCannotBeOfferedIsRefusedBySetTls(String crypto) throws IOException {
        // ML-KEM exists only in TLS 1.3; with TLS 1.2 alone it can never be offered.
        TlsConfig mlkemOn12 = BcClients.trustingTestRoot().versionMax(TlsVersion.TLS_1_2)
                .namedGroups(List.of("mlkem768")).build();
        try (ClientTCP client = BcClients.build(crypto, "localhost:1", b -> b)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.setTLS(true, mlkemOn12, null));
            assertTrue(e.getMessage().contains("mlkem768") && e.getMessage().contains("bc"), e.getMessage());
        }
    }

    @BothCryptos
    void sessionTicketsDisabledIsAcceptedWithTls12Offered(String crypto) throws IOException {
        TlsConfig noTickets = BcClients.trustingTestRoot().sessionTicketsDisabled(true).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().protocols("TLSv1.2").build());
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b)) {
            client.setTLS(true, noTickets, null);
            client.connect(WAIT);
            assertEquals("TLSv1.2", client.tlsSession().orElseThrow().protocol());
        }
    }

    @BothCryptos
    void clientKeyPairIsPresentedToAServerThatRequiresOne(String crypto) throws IOException {
        Identity me = TestPki.shared().client();
        TlsConfig mtls = BcClients.trustingTestRoot().certificatePairPem(me.privateKeyPkcs8Pem(), me.chainPem()).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().needClientAuth(true).build());
             ClientTCP client = BcClients.build(crypto, "localhost:" + server.port(), b -> b.tls(mtls, null))) {
            client.connect(WAIT);
            assertEquals("mtls", EchoTest.roundTrip(client, "mtls"));
            assertEquals(me.chain(), server.lastClientCertificates());
        }
    }
}
