package tcp.client.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/**
 * CONFORMANCE.md section P (TLS identity and the test PKI, CS-120 to CS-134, CS-231), on every transport.
 * Leaves are issued once per class by {@link TestPki#shared()}; each scenario serves one of them and
 * checks that the client accepts it, or rejects it as {@link TlsRejection} describes.
 */
@Timeout(60)
class TlsIdentityScenariosTest {
    private static Identity leafOnly;
    private static Identity expired;
    private static Identity notYetValid;
    private static Identity untrustedRoot;
    private static Identity selfSigned;
    private static Identity otherDnsName;
    private static Identity cnOnly;
    private static Identity ipSan;
    private static Identity dnsSanOnly;
    private static Identity wildcard;
    private static Identity rsa1024;
    private static Identity sha1;
    private static Identity clientAuthOnly;

    @BeforeAll
    static void issueLeaves() {
        TestPki pki = TestPki.shared();
        leafOnly = pki.leaf("localhost").leafOnly().issue();
        expired = pki.leaf("localhost").expired().issue();
        notYetValid = pki.leaf("localhost").notYetValid().issue();
        untrustedRoot = pki.leaf("localhost").fromUntrustedRoot().issue();
        selfSigned = pki.leaf("localhost").selfSigned().issue();
        otherDnsName = pki.leaf("localhost").dns("other.test").issue();
        cnOnly = pki.leaf("localhost").noSan().issue();
        ipSan = pki.leaf("127.0.0.1").ip("127.0.0.1").issue();
        dnsSanOnly = pki.leaf("localhost").dns("localhost").issue();
        wildcard = pki.leaf("*.test.local").dns("*.test.local").issue();
        rsa1024 = pki.leaf("localhost").rsa(1024).issue();
        sha1 = pki.leaf("localhost").sha1().issue();
        clientAuthOnly = pki.leaf("localhost").clientAuthOnly().issue();
    }

    @TransportTest
    void cs120_leafAndIntermediateAccepted(String transport) throws Exception {
        Identity server = TestPki.shared().server();
        try (TestServer tls = serving(server);
             ClientTCP client = client(transport, tls.address(), "localhost")) {
            client.connect(Tck.CONNECT);
            TlsSessionInfo session = client.tlsSession().orElseThrow();
            List<X509Certificate> peer = session.peerCertificates();
            assertEquals(2, peer.size(), "leaf + intermediate: " + peer);
            assertEquals(server.certificate(), peer.get(0));
            assertEquals(TestPki.shared().intermediate(), peer.get(1));
            assertEquals("ok\n", echo(client, "ok\n"));
        }
    }

    @TransportTest
    void cs121_missingIntermediateRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, leafOnly);
    }

    @TransportTest
    void cs122_expiredLeafRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, expired);
    }

    @TransportTest
    void cs123_notYetValidLeafRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, notYetValid);
    }

    @TransportTest
    void cs124_leafFromUntrustedRootRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, untrustedRoot);
    }

    @TransportTest
    void cs125_selfSignedLeafRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, selfSigned);
    }

    @TransportTest
    void cs126_sanWithAnotherDnsNameRejected(String transport) throws Exception {
        // CN=localhost, SAN dns:other.test: the SAN rules, the CN is not looked at.
        assertRejectedForLocalhost(transport, otherDnsName);
    }

    @TransportTest
    void cs127_commonNameOnlyRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, cnOnly);
    }

    @TransportTest
    void cs128_ipLiteralNeedsAnIpSan(String transport) throws Exception {
        try (TestServer tls = serving(ipSan);
             ClientTCP client = client(transport, tls.address(), "")) {
            client.connect(Tck.CONNECT);
            assertEquals("by ip\n", echo(client, "by ip\n"));
        }
        try (TestServer tls = serving(dnsSanOnly);
             ClientTCP client = client(transport, tls.address(), "")) {
            TlsRejection.assertRejected(client, tls);
        }
    }

    @TransportTest
    void cs129_wildcardMatchesOneLabelOnly(String transport) throws Exception {
        try (TestServer tls = serving(wildcard)) {
            try (ClientTCP client = client(transport, tls.address(), "a.test.local")) {
                client.connect(Tck.CONNECT);
                assertEquals("wild\n", echo(client, "wild\n"));
            }
            for (String name : List.of("a.b.test.local", "test.local")) {
                try (ClientTCP client = client(transport, tls.address(), name)) {
                    TlsRejection.assertRejected(client, tls);
                }
            }
        }
    }

    @TransportTest
    void cs130_rsa1024LeafRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, rsa1024);
    }

    @TransportTest
    void cs131_sha1SignedLeafRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, sha1);
    }

    @TransportTest
    void cs132_leafWithoutServerAuthRejected(String transport) throws Exception {
        assertRejectedForLocalhost(transport, clientAuthOnly);
    }

    @TransportTest
    void cs133_trustFromPemFileCertificateAndKeyStore(String transport, @TempDir Path dir) throws Exception {
        TestPki pki = TestPki.shared();
        Path rootFile = dir.resolve("root.pem");
        Files.writeString(rootFile, pki.rootPem(), US_ASCII);
        Map<String, TlsConfig> ways = Map.of(
                "PEM text", TlsConfig.builder().rootCaPem(pki.rootPem()).build(),
                "PEM file", TlsConfig.builder().rootCaFile(rootFile).build(),
                "X509Certificate", TlsConfig.builder().rootCa(pki.root()).build(),
                "KeyStore", TlsConfig.builder().rootCa(pki.rootKeyStore()).build());
        try (TestServer tls = serving(pki.server())) {
            for (Map.Entry<String, TlsConfig> way : ways.entrySet()) {
                try (ClientTCP client = Tck.builder(transport, tls.address()).tls(way.getValue(), "localhost").build()) {
                    client.connect(Tck.CONNECT);
                    assertTrue(client.isConnected(), way.getKey());
                    assertEquals(way.getKey() + "\n", echo(client, way.getKey() + "\n"));
                }
            }
        }
    }

    @TransportTest
    void cs134_defaultTrustRejectsThePrivateCa(String transport) throws Exception {
        try (TestServer tls = serving(TestPki.shared().server());
             ClientTCP client = Tck.builder(transport, tls.address())
                     .tls(TlsConfig.builder().build(), "localhost").build()) {
            TlsRejection.assertRejected(client, tls);
        }
    }

    @TransportTest
    void cs231_aChainValidatedBeforeVouchesForNoOther(String transport) throws Exception {
        TlsConfig shared = Tck.trustTestRoot();
        Identity server = TestPki.shared().server();
        for (int i = 0; i < 2; i++) {
            try (TestServer tls = serving(server);
                 ClientTCP client = Tck.builder(transport, tls.address()).tls(shared, "localhost").build()) {
                client.connect(Tck.CONNECT);
                assertEquals("again\n", echo(client, "again\n"));
            }
        }
        for (Identity refused : List.of(untrustedRoot, selfSigned, expired, otherDnsName, leafOnly)) {
            try (TestServer tls = serving(refused);
                 ClientTCP client = Tck.builder(transport, tls.address()).tls(shared, "localhost").build()) {
                TlsRejection.assertRejected(client, tls);
            }
        }
        try (TestServer tls = serving(server);
             ClientTCP client = Tck.builder(transport, tls.address()).tls(shared, "other.test").build()) {
            TlsRejection.assertRejected(client, tls);
        }
        try (TestServer tls = serving(server);
             ClientTCP client = Tck.builder(transport, tls.address()).tls(shared, "localhost").build()) {
            client.connect(Tck.CONNECT);
            assertEquals("still\n", echo(client, "still\n"));
        }
    }

    private static void assertRejectedForLocalhost(String transport, Identity identity) throws Exception {
        try (TestServer tls = serving(identity);
             ClientTCP client = client(transport, tls.address(), "localhost")) {
            TlsRejection.assertRejected(client, tls);
        }
    }

    private static TestServer serving(Identity identity) throws IOException {
        return TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().identity(identity).build());
    }

    /** A client of {@code address} that trusts the shared test root and verifies {@code serverName}. */
    private static ClientTCP client(String transport, String address, String serverName) {
        return Tck.builder(transport, address).tls(Tck.trustTestRoot(), serverName).build();
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
