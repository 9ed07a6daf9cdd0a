package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.ClientHello;
import tcp.client.testkit.ClientHelloProbe;

/** What BCJSSE puts in the ClientHello under this transport's settings. */
@Timeout(30)
class ClientHelloTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** TLS 1.3's ticket-based resumption needs this extension; BCJSSE's client never sends it. */
    private static final int PSK_KEY_EXCHANGE_MODES = 45;

    @BothCryptos
    void sniCarriesExactlyTheServerName(String crypto) throws Exception {
        ClientHello hello = helloOf(crypto, BcClients.trustingTestRoot().build(), "service.example");
        assertEquals("service.example", hello.serverName());
    }

    @BothCryptos
    void sniCarriesTheAddressHostWhenNoServerNameIsGiven(String crypto) throws Exception {
        try (ClientHelloProbe probe = ClientHelloProbe.start();
             ClientTCP client = BcClients.tls(crypto, "localhost:" + probe.port(), null)) {
            assertThrows(IOException.class, () -> client.connect(WAIT));
            assertEquals("localhost", probe.awaitHello(WAIT).serverName());
        }
    }

    @BothCryptos
    void ipLiteralSendsNoSni(String crypto) throws Exception {
        ClientHello hello = helloOf(crypto, BcClients.trustingTestRoot().build(), null);
        assertFalse(hello.hasServerName(), hello.serverName());
    }

    @BothCryptos
    void namedGroupsAreOfferedExactly(String crypto) throws Exception {
        TlsConfig groups = BcClients.trustingTestRoot().namedGroups(List.of("x25519", "secp384r1")).build();
        assertEquals(List.of("x25519", "secp384r1"), helloOf(crypto, groups, null).supportedGroups());
    }

    @BothCryptos
    void alpnOffersTheProtocolsInOrder(String crypto) throws Exception {
        TlsConfig alpn = BcClients.trustingTestRoot().applicationProtocols(List.of("h2", "http/1.1")).build();
        assertEquals(List.of("h2", "http/1.1"), helloOf(crypto, alpn, null).applicationProtocols());
    }

    @BothCryptos
    void noSessionTicketExtensionIsSentWhenTicketsAreDisabled(String crypto) throws Exception {
        TlsConfig noTickets = BcClients.trustingTestRoot().sessionTicketsDisabled(true).build();
        ClientHello hello = helloOf(crypto, noTickets, null);
        assertFalse(hello.sessionTicket());
        assertFalse(hello.extensionTypes().contains(PSK_KEY_EXCHANGE_MODES), hello.extensionTypes()::toString);
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), hello.supportedVersions());
    }

    private static ClientHello helloOf(String crypto, TlsConfig config, String serverName)
            throws IOException, InterruptedException, TimeoutException {
        try (ClientHelloProbe probe = ClientHelloProbe.start();
             ClientTCP client = BcClients.build(crypto, probe.address(), b -> b.tls(config, serverName))) {
            assertThrows(IOException.class, () -> client.connect(WAIT));
            return probe.awaitHello(WAIT);
        }
    }
}
