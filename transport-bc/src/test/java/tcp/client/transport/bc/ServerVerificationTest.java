package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** The server's certificate and name are checked exactly as on the jdk transport. */
@Timeout(30)
class ServerVerificationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BothCryptos
    void wrongServerNameIsRefused(String crypto) throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.defaults());
             ClientTCP client = BcClients.tls(crypto, "127.0.0.1:" + server.port(), "wrong.example")) {
            SSLException e = assertThrows(SSLException.class, () -> client.connect(WAIT));
            assertTrue(e instanceof SSLHandshakeException, e.toString());
            assertTrue(e.getMessage().contains("wrong.example"), e.getMessage());
            assertFalse(client.isConnected());
        }
    }

    @BothCryptos
    void certificateFromUntrustedRootIsRefused(String crypto) throws IOException {
        refused(crypto, TestPki.shared().leaf("localhost").fromUntrustedRoot().issue());
    }

    @BothCryptos
    void expiredCertificateIsRefused(String crypto) throws IOException {
        refused(crypto, TestPki.shared().leaf("localhost").expired().issue());
    }

    @BothCryptos
    void certificateNamingTheHostOnlyInItsCommonNameIsRefused(String crypto) throws IOException {
        refused(crypto, TestPki.shared().leaf("localhost").noSan().issue());
    }

    @BothCryptos
    void ipLiteralIsAcceptedAgainstAnIpSan(String crypto) throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.defaults());
             ClientTCP client = BcClients.tls(crypto, "127.0.0.1:" + server.port(), null)) {
            client.connect(WAIT);
            assertEquals("ip", EchoTest.roundTrip(client, "ip"));
        }
    }

    @BothCryptos
    void ipLiteralIsRefusedWithoutAnIpSan(String crypto) throws IOException {
        Identity dnsOnly = TestPki.shared().leaf("localhost").dns("localhost").issue();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().identity(dnsOnly).build());
             ClientTCP client = BcClients.tls(crypto, "127.0.0.1:" + server.port(), null)) {
            assertThrows(SSLHandshakeException.class, () -> client.connect(WAIT));
            assertFalse(client.isConnected());
        }
    }

    private static void refused(String crypto, Identity identity) throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().identity(identity).build());
             ClientTCP client = BcClients.tls(crypto, "localhost:" + server.port(), null)) {
            assertThrows(SSLHandshakeException.class, () -> client.connect(WAIT));
            assertFalse(client.isConnected());
        }
    }
}
