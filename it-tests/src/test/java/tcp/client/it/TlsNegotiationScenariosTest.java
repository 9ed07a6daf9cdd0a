package tcp.client.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.KeyStore;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.TlsVersion;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.ClientHello;
import tcp.client.testkit.ClientHelloProbe;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/**
 * CONFORMANCE.md section Q (TLS versions, suites, groups, ALPN, SNI, CS-135 to CS-146), on every
 * transport. Where a transport cannot apply a setting to one client, the scenario asserts the
 * refusal that {@link TransportGaps} documents.
 */
@Timeout(60)
class TlsNegotiationScenariosTest {
    /** The forward-secret AEAD suites every transport may offer by default, by code point. */
    private static final Set<Integer> SECURE_DEFAULT_SUITES = Set.of(
            0x1301, 0x1302, 0x1303, // TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256
            0xC02B, 0xC02C, 0xCCA9, // TLS_ECDHE_ECDSA_WITH_{AES_128_GCM_SHA256, AES_256_GCM_SHA384, CHACHA20_POLY1305_SHA256}
            0xC02F, 0xC030, 0xCCA8); // TLS_ECDHE_RSA_WITH_{AES_128_GCM_SHA256, AES_256_GCM_SHA384, CHACHA20_POLY1305_SHA256}
    /** Signalling values that are no suites: TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV. */
    private static final Set<Integer> SIGNALLING = Set.of(0x00FF, 0x5600);
    private static final Duration HELLO = Duration.ofSeconds(5);

    private static Identity rsaClient;

    @BeforeAll
    static void issueRsaClient() {
        rsaClient = TestPki.shared().leaf("test-client-rsa").forClient().rsa(2048).issue();
    }

    @TransportTest
    void cs135_defaultRangeNegotiatesWhatTheServerHas(String transport) throws Exception {
        assertEquals("TLSv1.3", negotiate(transport, TlsServerOptions.defaults(), Tck.trustTestRoot()).protocol());
        TlsServerOptions tls12 = TlsServerOptions.builder().protocols("TLSv1.2").build();
        assertEquals("TLSv1.2", negotiate(transport, tls12, Tck.trustTestRoot()).protocol());
    }

    @TransportTest
    void cs136_tls10And11ServerRejectedByDefault(String transport) throws Exception {
        TlsServerOptions legacy = TlsServerOptions.builder().protocols("TLSv1", "TLSv1.1").build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, legacy);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            TlsRejection.assertRejected(client, server);
        }
    }

    @TransportTest
    void cs137_versionBoundsAreHonoured(String transport) throws Exception {
        TlsConfig only13 = trusting().versionMin(TlsVersion.TLS_1_3).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().protocols("TLSv1.2").build());
             ClientTCP client = Tck.builder(transport, server.address()).tls(only13, "").build()) {
            TlsRejection.assertRejected(client, server);
        }
        TlsConfig upTo12 = trusting().versionMax(TlsVersion.TLS_1_2).build();
        assertEquals("TLSv1.2", negotiate(transport, TlsServerOptions.defaults(), upTo12).protocol());
    }

    @TransportTest
    void cs138_defaultSuitesAreForwardSecretAeadOnly(String transport) throws Exception {
        // What the client offers by default, whatever the transport.
        try (ClientHelloProbe probe = ClientHelloProbe.start();
             ClientTCP client = Tck.tlsClient(transport, probe.address())) {
            assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
            ClientHello hello = probe.awaitHello(HELLO);
            List<Integer> offered = hello.cipherSuites().stream()
                    .filter(s -> !SIGNALLING.contains(s) && !isGrease(s)).toList();
            assertFalse(offered.isEmpty());
            for (int suite : offered) {
                assertTrue(SECURE_DEFAULT_SUITES.contains(suite),
                        String.format("default offer includes 0x%04x, which is no forward-secret AEAD suite: %s",
                                suite, hex(hello.cipherSuites())));
            }
        }
        // A TLS 1.2 server with only RSA key exchange and CBC: no common suite.
        // Bouncy Castle's own TLS server: SunJSSE 24+ no longer serves static-RSA suites at all.
        TlsServerOptions rsaCbc = TlsServerOptions.builder().protocols("TLSv1.2")
                .cipherSuites("TLS_RSA_WITH_AES_128_CBC_SHA").identity(TestPki.shared().rsaServer())
                .engine(TlsServerOptions.Engine.BC_TLS).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, rsaCbc);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            TlsRejection.assertRejected(client, server);
        }
    }

    @TransportTest
    void cs139_chosenSuiteIsNegotiated(String transport) throws Exception {
        String tls12Suite = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        TlsSessionInfo session = negotiate(transport, TlsServerOptions.defaults(),
                trusting().cipherSuites(List.of(tls12Suite)).build());
        assertEquals(tls12Suite, session.cipherSuite());
        assertEquals("TLSv1.2", session.protocol());

        String tls13Suite = "TLS_AES_256_GCM_SHA384";
        TlsConfig only13Suite = trusting().cipherSuites(List.of(tls13Suite)).build();
        if (TransportGaps.cannotRestrictTls13Suites(transport)) {
            // Gap: this transport always enables all its TLS 1.3 suites.
            try (ClientTCP client = Tck.client(transport, "127.0.0.1:1")) {
                TransportGaps.assertRefusedAtSetTls(transport, client, only13Suite, "TLS 1.3 cipher suites");
            }
        } else {
            TlsSessionInfo s13 = negotiate(transport, TlsServerOptions.defaults(), only13Suite);
            assertEquals(tls13Suite, s13.cipherSuite());
            assertEquals("TLSv1.3", s13.protocol());
        }
    }

    @TransportTest
    void cs140_unknownOrUnsupportedSuiteFailsBeforeAnyDial(String transport) throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().cipherSuites(List.of("TLS_NOT_A_SUITE_SHA256")).build());
        assertTrue(unknown.getMessage().contains("TLS_NOT_A_SUITE_SHA256"), unknown.getMessage());

        // An IANA name that no transport implements: refused by setTLS and by build().
        String unsupported = "TLS_RSA_EXPORT_WITH_RC4_40_MD5";
        TlsConfig cfg = trusting().cipherSuites(List.of(unsupported)).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            IllegalArgumentException atSetTls = assertThrows(IllegalArgumentException.class,
                    () -> client.setTLS(true, cfg, ""));
            assertTrue(atSetTls.getMessage().contains(unsupported), atSetTls.getMessage());
            IllegalArgumentException atBuild = assertThrows(IllegalArgumentException.class,
                    () -> Tck.builder(transport, server.address()).tls(cfg, "").build().close());
            assertTrue(atBuild.getMessage().contains(unsupported), atBuild.getMessage());
            // The refused config did not replace the (absent) TLS state, and nothing was dialled.
            assertEquals(0, server.accepted());
        }
    }

    @TransportTest
    void cs141_namedGroupsAreHonouredOrRefused(String transport) throws Exception {
        TlsConfig x25519 = trusting().namedGroups(List.of("x25519")).build();
        if (TransportGaps.cannotSetNamedGroups(transport)) {
            // Gap: no per-client named groups on this transport (and Java version).
            try (ClientTCP client = Tck.client(transport, "127.0.0.1:1")) {
                TransportGaps.assertRefusedAtSetTls(transport, client, x25519, "named groups");
            }
            return;
        }
        TlsServerOptions p256Only = TlsServerOptions.builder().namedGroups("secp256r1").build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, p256Only);
             ClientTCP client = Tck.builder(transport, server.address()).tls(x25519, "").build()) {
            TlsRejection.assertRejected(client, server);
        }
        TlsServerOptions x25519Only = TlsServerOptions.builder().namedGroups("x25519").build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, x25519Only);
             ClientTCP client = Tck.builder(transport, server.address()).tls(x25519, "").build()) {
            client.connect(Tck.CONNECT);
            assertEquals("x25519\n", echo(client, "x25519\n"));
        }
    }

    @TransportTest
    void cs142_alpnSelectsHttp11OrNothing(String transport) throws Exception {
        TlsServerOptions http11 = TlsServerOptions.builder().applicationProtocols("http/1.1").build();
        TlsConfig offering = trusting().applicationProtocols(List.of("h2", "http/1.1")).build();
        assertEquals(Optional.of("http/1.1"), negotiate(transport, http11, offering).applicationProtocol());
        assertEquals(Optional.empty(), negotiate(transport, http11, Tck.trustTestRoot()).applicationProtocol());
    }

    @TransportTest
    void cs143_sniCarriesNamesButNoIpLiterals(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            record Target(String address, String serverName) {
            }
            List<Target> targets = List.of(
                    new Target(server.address(), "localhost"),      // explicit server name
                    new Target(server.address(), ""),               // IP literal target, no server name
                    new Target("localhost:" + server.port(), ""));  // name target, no server name
            for (Target target : targets) {
                try (ClientTCP client = Tck.builder(transport, target.address())
                        .tls(Tck.trustTestRoot(), target.serverName()).build()) {
                    client.connect(Tck.CONNECT);
                    assertEquals("sni\n", echo(client, "sni\n"), target.toString());
                }
            }
            assertEquals(List.of("localhost", "", "localhost"), server.sniNames());
        }
    }

    @TransportTest
    void cs144_sessionTicketsDisabledSendsNoTicketExtension(String transport) throws Exception {
        TlsConfig defaultRange = trusting().sessionTicketsDisabled(true).build();
        TlsConfig only13 = trusting().sessionTicketsDisabled(true).versionMin(TlsVersion.TLS_1_3).build();
        if (TransportGaps.cannotDisableSessionTicketsWithTls12(transport)) {
            // Gap: with TLS 1.2 offered this transport could only leave the extension out
            // JVM-wide; it sends it, and resumes nothing all the same (CS-228).
            assertTicketExtensionAndConnects(transport, defaultRange);
        } else {
            assertNoTicketExtensionAndConnects(transport, defaultRange);
        }
        assertNoTicketExtensionAndConnects(transport, only13);
    }

    @TransportTest
    void cs145_clientIdentityFromEveryKeyForm(String transport) throws Exception {
        Identity ec = TestPki.shared().client();
        char[] password = "p12-secret".toCharArray();
        KeyStore p12 = ec.keyStore(password);
        Map<String, TlsConfig.Builder> forms = new LinkedHashMap<>();
        forms.put("PKCS#8", trusting().certificatePairPem(ec.privateKeyPkcs8Pem(), ec.chainPem()));
        forms.put("SEC1", trusting().certificatePairPem(sec1Pem((ECPrivateKey) ec.privateKey()), ec.chainPem()));
        forms.put("PKCS#1", trusting().certificatePairPem(rsaClient.privateKeyPkcs1Pem(), rsaClient.chainPem()));
        forms.put("PKCS#12", trusting().keyStore(p12, password));
        Map<String, Identity> owners = Map.of("PKCS#8", ec, "SEC1", ec, "PKCS#1", rsaClient, "PKCS#12", ec);
        TlsServerOptions mtls = TlsServerOptions.builder().needClientAuth(true).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, mtls)) {
            for (Map.Entry<String, TlsConfig.Builder> form : forms.entrySet()) {
                try (ClientTCP client = Tck.builder(transport, server.address())
                        .tls(form.getValue().build(), "").build()) {
                    client.connect(Tck.CONNECT);
                    assertEquals(form.getKey() + "\n", echo(client, form.getKey() + "\n"), form.getKey());
                    assertEquals(owners.get(form.getKey()).certificate(), server.lastClientCertificates().get(0),
                            form.getKey());
                } catch (IOException e) {
                    throw new AssertionError("client key from " + form.getKey() + ": " + e, e);
                }
            }
        }
    }

    @TransportTest
    void cs146_badKeyMaterialFailsAtBuild(String transport) throws Exception {
        Identity me = TestPki.shared().client();
        Identity other = TestPki.shared().leaf("someone-else").forClient().issue();
        String pkcs8 = me.privateKeyPkcs8Pem();
        int body = pkcs8.indexOf('\n') + 1;
        String broken = pkcs8.substring(0, body + 10) + "*%*%*%" + pkcs8.substring(body + 16);
        IllegalArgumentException brokenBody = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().certificatePairPem(broken, me.chainPem()).build());
        assertTrue(brokenBody.getMessage().contains("PRIVATE KEY"), brokenBody.getMessage());

        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().certificatePairPem(other.privateKeyPkcs8Pem(), me.chainPem()).build());
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch.getMessage());

        String encrypted = me.privateKeyEncryptedPkcs8Pem("secret".toCharArray());
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().certificatePairPem(encrypted, me.chainPem()).build());
        assertTrue(noPassword.getMessage().contains("encrypted"), noPassword.getMessage());

        // Nothing about key material is left to the transport: a good pair is accepted by it.
        try (ClientTCP client = Tck.client(transport, "127.0.0.1:1")) {
            client.setTLS(true, trusting().certificatePairPem(me.privateKeyPkcs8Pem(), me.chainPem()).build(), "");
        }
    }

    /**
     * The key as OpenSSL writes a SEC1 {@code EC PRIVATE KEY}: version 1, the scalar and the named
     * curve (RFC 5915 section 3: the parameters MUST be present). Not {@code
     * Identity.privateKeySec1Pem()}: it re-encodes the JDK's PKCS#8 inner structure, which has no
     * curve, so no reader (OpenSSL, Go, this SDK) can tell which curve the key is on.
     */
    private static String sec1Pem(ECPrivateKey key) {
        byte[] scalar = new byte[32];
        byte[] s = key.getS().toByteArray();
        int copy = Math.min(s.length, 32);
        System.arraycopy(s, s.length - copy, scalar, 32 - copy, copy);
        byte[] prime256v1 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.writeBytes(new byte[] {0x30, 0x31, 0x02, 0x01, 0x01, 0x04, 0x20});
        der.writeBytes(scalar);
        der.writeBytes(new byte[] {(byte) 0xa0, 0x0a});
        der.writeBytes(prime256v1);
        return "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der.toByteArray())
                + "\n-----END EC PRIVATE KEY-----\n";
    }

    private static void assertTicketExtensionAndConnects(String transport, TlsConfig cfg) throws Exception {
        try (ClientHelloProbe probe = ClientHelloProbe.start();
             ClientTCP client = Tck.builder(transport, probe.address()).tls(cfg, "").build()) {
            assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
            assertTrue(probe.awaitHello(HELLO).sessionTicket(), "the gap is gone: update TransportGaps");
        }
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).tls(cfg, "").build()) {
            client.connect(Tck.CONNECT);
            assertEquals("no tickets\n", echo(client, "no tickets\n"));
        }
    }

    private static void assertNoTicketExtensionAndConnects(String transport, TlsConfig cfg) throws Exception {
        try (ClientHelloProbe probe = ClientHelloProbe.start();
             ClientTCP client = Tck.builder(transport, probe.address()).tls(cfg, "").build()) {
            assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
            ClientHello hello = probe.awaitHello(HELLO);
            assertFalse(hello.sessionTicket(), "session_ticket extension sent although disabled: "
                    + hello.extensionTypes());
        }
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).tls(cfg, "").build()) {
            client.connect(Tck.CONNECT);
            assertEquals("no tickets\n", echo(client, "no tickets\n"));
        }
    }

    /** Connects to a fresh {@code ECHO} server with {@code options}, echoes once, returns the session. */
    private static TlsSessionInfo negotiate(String transport, TlsServerOptions options, TlsConfig cfg)
            throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO, options);
             ClientTCP client = Tck.builder(transport, server.address()).tls(cfg, "").build()) {
            client.connect(Tck.CONNECT);
            assertEquals("negotiated\n", echo(client, "negotiated\n"));
            return client.tlsSession().orElseThrow();
        }
    }

    private static TlsConfig.Builder trusting() {
        return TlsConfig.builder().rootCa(TestPki.shared().root());
    }

    private static boolean isGrease(int suite) {
        return (suite & 0x0f0f) == 0x0a0a && (suite >> 8) == (suite & 0xff);
    }

    private static String hex(List<Integer> codes) {
        return codes.stream().map(c -> String.format("0x%04x", c)).toList().toString();
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] bytes = text.getBytes(US_ASCII);
        assertEquals(bytes.length, client.write(bytes));
        byte[] out = new byte[bytes.length];
        for (int off = 0; off < out.length; ) {
            int n = client.read(out, off, out.length - off);
            if (n < 0) {
                throw new IOException("end of stream after " + off + " bytes");
            }
            off += n;
        }
        return new String(out, US_ASCII);
    }
}
