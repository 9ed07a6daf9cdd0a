package tcp.client.transport.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Security;
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
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

@Timeout(30)
class JdkTlsTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private final TestPki pki = TestPki.shared();

    private TlsConfig trustRoot() {
        return TlsConfig.builder().rootCaPem(pki.rootPem()).build();
    }

    @Test
    void echoesOverTlsWithAPrivateCaAndReportsTheSession() throws Exception {
        List<?> providersBefore = List.of(Security.getProviders());
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = ClientTCP.builder("localhost:" + server.port()).tls(trustRoot(), "").build()) {
            client.connect(CONNECT);
            client.write("secure".getBytes(StandardCharsets.UTF_8));
            assertEquals("secure", new String(client.inputStream().readNBytes(6), StandardCharsets.UTF_8));
            TlsSessionInfo session = client.tlsSession().orElseThrow();
            assertEquals("TLSv1.3", session.protocol());
            assertEquals(2, session.peerCertificates().size());
            assertTrue(session.applicationProtocol().isEmpty());
            assertEquals(List.of("localhost"), server.sniNames());
        }
        assertEquals(providersBefore, List.of(Security.getProviders()));
    }

    @Test
    void ipLiteralTargetIsCheckedAgainstIpSanAndSendsNoSni() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = ClientTCP.builder(server.address()).tls(trustRoot(), null).build()) {
            client.connect(CONNECT);
            assertTrue(client.isConnected());
            // The server records a name only for handshakes that carried SNI.
            assertTrue(server.sniNames().stream().allMatch(String::isEmpty), server.sniNames().toString());
        }
    }

    @Test
    void wrongServerNameIsRefusedAndLeavesNoConnection() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = ClientTCP.builder(server.address()).tls(trustRoot(), "wrong.example").build()) {
            SSLException e = assertThrows(SSLException.class, () -> client.connect(CONNECT));
            assertTrue(String.valueOf(e.getMessage()).contains("wrong.example")
                    || String.valueOf(e.getCause()).contains("wrong.example"), e.toString());
            assertFalse(client.isConnected());
            assertTrue(server.awaitOpenConnections(0, CONNECT));
        }
    }

    @Test
    void untrustedServerIsRefusedByDefaultTrust() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = ClientTCP.builder(server.address()).tls(TlsConfig.builder().build(), "localhost").build()) {
            assertThrows(SSLException.class, () -> client.connect(CONNECT));
            assertFalse(client.isConnected());
        }
    }

    @Test
    void tls12OnlyServerIsRefusedUnderA13Floor() throws Exception {
        TlsServerOptions only12 = TlsServerOptions.builder().protocols("TLSv1.2").build();
        TlsConfig floor13 = TlsConfig.builder().rootCa(pki.root()).versionMin(TlsVersion.TLS_1_3).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, only12);
             ClientTCP client = ClientTCP.builder(server.address()).tls(floor13, "localhost").build()) {
            assertThrows(SSLException.class, () -> client.connect(CONNECT));
        }
        try (TestServer server = TestServer.tls(Behaviour.ECHO, only12);
             ClientTCP client = ClientTCP.builder(server.address()).tls(trustRoot(), "localhost").build()) {
            client.connect(CONNECT);
            assertEquals("TLSv1.2", client.tlsSession().orElseThrow().protocol());
        }
    }

    @Test
    void namedGroupsAreRefusedBeforeJava20AndAppliedAfter() throws Exception {
        TlsConfig groups = TlsConfig.builder().rootCa(pki.root()).namedGroups(List.of("x25519")).build();
        try (ClientTCP client = ClientTCP.create("127.0.0.1:9")) {
            if (Runtime.version().feature() < 20) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> client.setTLS(true, groups, "localhost"));
                assertTrue(e.getMessage().contains("jdk") && e.getMessage().contains("named groups"), e.getMessage());
            } else {
                client.setTLS(true, groups, "localhost");
            }
        }
    }

    @Test
    void setTlsWithNullConfigFailsAndKeepsThePreviousSettings() throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = ClientTCP.create("localhost:" + server.port())) {
            client.setTLS(true, trustRoot(), "");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.setTLS(true, null, "localhost"));
            assertEquals("invalid tls config", e.getMessage());
            client.connect(CONNECT);
            assertTrue(client.tlsSession().isPresent());
        }
    }
}
