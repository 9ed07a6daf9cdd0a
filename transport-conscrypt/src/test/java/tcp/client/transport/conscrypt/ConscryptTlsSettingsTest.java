package tcp.client.transport.conscrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.TlsVersion;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.ClientHello;
import tcp.client.testkit.ClientHelloProbe;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** How each {@code TlsConfig} setting reaches Conscrypt, or is refused at {@code setTLS}. */
@Timeout(30)
class ConscryptTlsSettingsTest {
    /** The groups BoringSSL offers in Conscrypt 2.5.2, in its order, with no per-socket setting. */
    private static final List<String> FIXED_GROUPS = List.of("x25519", "secp256r1", "secp384r1");

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> ALL_TLS13_SUITES =
            List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** The ClientHello this transport sends for {@code config} and {@code serverName}. */
    private static ClientHello helloFor(TlsConfig config, String serverName)
            throws IOException, InterruptedException, TimeoutException {
        try (ClientHelloProbe probe = ClientHelloProbe.start();
             ClientTCP client = Echo.client(probe.address()).tls(config, serverName).build()) {
            // The probe hangs up after the ClientHello.
            assertThrows(IOException.class, client::connect);
            return probe.awaitHello(WAIT);
        }
    }

    private static TlsSessionInfo sessionWith(TlsServerOptions serverOptions, TlsConfig config) throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, serverOptions);
             ClientTCP client = Echo.client(server.address()).tls(config, "localhost").build()) {
            client.connect();
            assertEquals("data", Echo.roundTrip(client, "data"));
            return client.tlsSession().orElseThrow();
        }
    }

    private static IllegalArgumentException refusedBySetTls(TlsConfig config) throws IOException {
        try (ClientTCP client = Echo.client("127.0.0.1:1").build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.setTLS(true, config, "localhost"));
            assertTrue(e.getMessage().contains("conscrypt"), e::getMessage);
            return e;
        }
    }

    @Test
    void alpnIsNegotiated() throws IOException {
        TlsSessionInfo session = sessionWith(
                TlsServerOptions.builder().applicationProtocols("h2", "http/1.1").build(),
                Echo.trustingTestRoot().applicationProtocols(List.of("http/1.1")).build());
        assertEquals(Optional.of("http/1.1"), session.applicationProtocol());
    }

    @Test
    void alpnIsOfferedInOrder() throws Exception {
        ClientHello hello = helloFor(Echo.trustingTestRoot().applicationProtocols(List.of("h2", "http/1.1")).build(),
                "localhost");
        assertEquals(List.of("h2", "http/1.1"), hello.applicationProtocols());
    }

    @Test
    void sniCarriesExactlyTheServerName() throws Exception {
        assertEquals("server.test", helloFor(Echo.trustingTestRoot().build(), "server.test").serverName());
    }

    @Test
    void ipLiteralServerNameSendsNoSni() throws Exception {
        assertFalse(helloFor(Echo.trustingTestRoot().build(), "127.0.0.1").hasServerName());
        assertFalse(helloFor(Echo.trustingTestRoot().build(), "::1").hasServerName());
    }

    /**
     * A documented gap, not a choice: Conscrypt sends SNI only for names with a dot and for
     * {@code localhost}, where the JDK would send {@code intranet}. Should this fail after a
     * Conscrypt upgrade, drop the gap from the provider's javadoc and the README.
     */
    @Test
    void singleLabelNameGetsNoSniFromConscrypt() throws Exception {
        assertFalse(helloFor(Echo.trustingTestRoot().build(), "intranet").hasServerName());
        assertEquals("localhost", helloFor(Echo.trustingTestRoot().build(), "localhost").serverName());
    }

    @Test
    void sessionTicketsDisabledLeavesTheExtensionOut() throws Exception {
        assertFalse(helloFor(Echo.trustingTestRoot().sessionTicketsDisabled(true).build(), "localhost").sessionTicket());
    }

    @Test
    void sessionTicketsAreOfferedByDefaultLikeTheOtherTransports() throws Exception {
        assertTrue(helloFor(Echo.trustingTestRoot().build(), "localhost").sessionTicket());
    }

    @Test
    void sessionTicketsDisabledStillConnects() throws IOException {
        TlsSessionInfo session = sessionWith(TlsServerOptions.builder().protocols("TLSv1.2").build(),
                Echo.trustingTestRoot().sessionTicketsDisabled(true).build());
        assertEquals("TLSv1.2", session.protocol());
    }

    @Test
    void versionRangeIsOffered() throws Exception {
        ClientHello only13 = helloFor(Echo.trustingTestRoot().versionMin(TlsVersion.TLS_1_3).build(), "localhost");
        assertEquals(List.of("TLSv1.3"), only13.supportedVersions());
        TlsSessionInfo only12 = sessionWith(TlsServerOptions.defaults(),
                Echo.trustingTestRoot().versionMax(TlsVersion.TLS_1_2).build());
        assertEquals("TLSv1.2", only12.protocol());
    }

    @Test
    void someTls13SuitesAreRefusedNamingTheSetting() throws IOException {
        IllegalArgumentException e = refusedBySetTls(Echo.trustingTestRoot()
                .cipherSuites(List.of("TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
                .build());
        assertTrue(e.getMessage().contains("cipherSuites"), e::getMessage);
        assertTrue(e.getMessage().contains("TLS 1.3"), e::getMessage);
    }

    @Test
    void someTls13SuitesAreAcceptedWhenTls13IsNotOffered() throws IOException {
        TlsSessionInfo session = sessionWith(TlsServerOptions.defaults(), Echo.trustingTestRoot()
                .versionMax(TlsVersion.TLS_1_2)
                .cipherSuites(List.of("TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"))
                .build());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", session.cipherSuite());
    }

    @Test
    void allTls13SuitesAreAccepted() throws IOException {
        TlsSessionInfo session = sessionWith(TlsServerOptions.defaults(),
                Echo.trustingTestRoot().cipherSuites(ALL_TLS13_SUITES).build());
        assertEquals("TLSv1.3", session.protocol());
    }

    @Test
    void onlyTls12SuitesMeanNoTls13AsOnTheJdk() throws IOException {
        TlsSessionInfo session = sessionWith(TlsServerOptions.defaults(), Echo.trustingTestRoot()
                .cipherSuites(List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
                .build());
        assertEquals("TLSv1.2", session.protocol());
        assertEquals("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", session.cipherSuite());
    }

    @Test
    void unsupportedSuiteIsRefusedNamingIt() throws IOException {
        IllegalArgumentException e = refusedBySetTls(Echo.trustingTestRoot()
                .cipherSuites(List.of("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"))
                .build());
        assertTrue(e.getMessage().contains("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), e::getMessage);
    }

    @Test
    void conscryptsOwnGroupListIsAcceptedAndOffered() throws Exception {
        TlsConfig config = Echo.trustingTestRoot().namedGroups(List.of("X25519", "secp256r1", "secp384r1")).build();
        assertEquals(FIXED_GROUPS, helloFor(config, "localhost").supportedGroups());
        assertEquals("TLSv1.3", sessionWith(TlsServerOptions.defaults(), config).protocol());
    }

    @Test
    void defaultGroupsAreTheFixedList() throws Exception {
        // What this Conscrypt version offers whatever it is asked: the only list it accepts.
        assertEquals(FIXED_GROUPS, helloFor(Echo.trustingTestRoot().build(), "localhost").supportedGroups());
    }

    @Test
    void otherGroupListsAreRefusedNamingTheSetting() throws IOException {
        for (List<String> groups : List.of(List.of("secp256r1"), List.of("secp256r1", "x25519", "secp384r1"),
                List.of("x25519", "secp256r1", "secp384r1", "secp521r1"))) {
            IllegalArgumentException e = refusedBySetTls(Echo.trustingTestRoot().namedGroups(groups).build());
            assertTrue(e.getMessage().contains("namedGroups"), e::getMessage);
        }
    }

    @Test
    void refusedSettingKeepsThePreviousTls() throws IOException {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Echo.client(server.address()).tls(Echo.trustingTestRoot().build(), "localhost").build()) {
            assertThrows(IllegalArgumentException.class, () -> client.setTLS(true,
                    Echo.trustingTestRoot().namedGroups(List.of("secp521r1")).build(), "localhost"));
            client.connect();
            assertEquals("still", Echo.roundTrip(client, "still"));
        }
    }
}
