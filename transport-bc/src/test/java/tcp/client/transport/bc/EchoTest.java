package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsSessionInfo;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

@Timeout(30)
class EchoTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BothCryptos
    void plainEchoRoundTrips(String crypto) throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = BcClients.build(crypto, server.address(), b -> b)) {
            assertEquals("bc", client.transport());
            client.connect(WAIT);
            assertEquals("hello\n", roundTrip(client, "hello\n"));
            assertTrue(client.tlsSession().isEmpty());
        }
    }

    @BothCryptos
    void tlsEchoWithPrivateCaIsVerifiedAndRoundTrips(String crypto) throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.defaults());
             ClientTCP client = BcClients.tls(crypto, "localhost:" + server.port(), null)) {
            assertEquals("bc", client.transport());
            client.connect(WAIT);
            assertTrue(client.isConnected());
            assertEquals("hello over bc\n", roundTrip(client, "hello over bc\n"));
            // More than one TLS record each way.
            byte[] big = new byte[100_000];
            Arrays.fill(big, (byte) 'x');
            client.write(big);
            byte[] back = client.inputStream().readNBytes(big.length);
            assertArrayEquals(big, back);
        }
    }

    @BothCryptos
    void tlsSessionReportsProtocolSuiteAndPeerChain(String crypto) throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.defaults());
             ClientTCP client = BcClients.tls(crypto, "localhost:" + server.port(), null)) {
            client.connect(WAIT);
            TlsSessionInfo session = client.tlsSession().orElseThrow();
            assertEquals("TLSv1.3", session.protocol());
            // The testkit's SunJSSE server picks by its own preference, as it does for the jdk transport.
            assertEquals("TLS_AES_256_GCM_SHA384", session.cipherSuite());
            assertEquals(2, session.peerCertificates().size());
            assertEquals(TestPki.shared().server().certificate(), session.peerCertificates().get(0));
            assertEquals(TestPki.shared().intermediate(), session.peerCertificates().get(1));
            assertTrue(session.applicationProtocol().isEmpty());
        }
    }

    @BothCryptos
    void noSecurityProviderIsInstalled(String crypto) throws IOException {
        List<Provider> before = List.of(Security.getProviders());
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.defaults());
             ClientTCP client = BcClients.tls(crypto, "localhost:" + server.port(), null)) {
            client.connect(WAIT);
            assertEquals("ping", roundTrip(client, "ping"));
        }
        assertEquals(before, List.of(Security.getProviders()));
    }

    static String roundTrip(ClientTCP client, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.write(bytes);
        return new String(client.inputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }
}
