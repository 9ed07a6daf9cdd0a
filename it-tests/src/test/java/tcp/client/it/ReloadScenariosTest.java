package tcp.client.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.api.ClientTCP;
import tcp.client.api.ReloadableKeyPair;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** CONFORMANCE.md section AH: a client key pair reloaded while clients use it (CS-229, CS-230). */
@Timeout(60)
class ReloadScenariosTest {
    @TempDir
    Path dir;
    /** Whether the last {@link #presented} handshake resumed a session. */
    private boolean lastResumed;

    @TransportTest
    void cs229_reloadPresentsTheNewCertificateToAServerThatChecksIt(String transport) throws Exception {
        Identity before = TestPki.shared().client();
        Identity after = TestPki.shared().leaf("rotated-" + transport).forClient().issue();
        Path key = dir.resolve("client.key");
        Path chain = dir.resolve("client.pem");
        write(before, key, chain);
        ReloadableKeyPair pair = ReloadableKeyPair.ofFiles(key, chain);
        TlsConfig config = TlsConfig.builder().rootCa(TestPki.shared().root()).certificatePair(pair).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().needClientAuth(true).build())) {
            assertEquals(before.certificate(), presented(transport, server, config), "the pair read at first");
            assertEquals(before.certificate(), presented(transport, server, config), "still the same pair");
            write(after, key, chain);
            assertEquals(before.certificate(), presented(transport, server, config), "files changed, not reloaded yet");
            pair.reload();
            assertEquals(after.certificate(), presented(transport, server, config), "the reloaded pair");
            assertFalse(lastResumed, "a full handshake: no session outlives a reload");
            assertEquals(after.certificate(), presented(transport, server, config));
        }
    }

    @TransportTest
    void cs230_failedReloadKeepsTheCurrentPair(String transport) throws Exception {
        Identity before = TestPki.shared().client();
        Path key = dir.resolve("client.key");
        Path chain = dir.resolve("client.pem");
        write(before, key, chain);
        ReloadableKeyPair pair = ReloadableKeyPair.ofFiles(key, chain);
        TlsConfig config = TlsConfig.builder().rootCa(TestPki.shared().root()).certificatePair(pair).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().needClientAuth(true).build())) {
            assertEquals(before.certificate(), presented(transport, server, config));
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n", US_ASCII);
            IOException e = assertThrows(IOException.class, pair::reload);
            assertTrue(e.getMessage().contains(key.toString()), e::getMessage);
            assertEquals(before.certificate(), presented(transport, server, config), "the old pair goes on");
        }
    }

    private static void write(Identity identity, Path key, Path chain) throws IOException {
        Files.writeString(key, identity.privateKeyPkcs8Pem(), US_ASCII);
        Files.writeString(chain, identity.chainPem(), US_ASCII);
    }

    /** Connects a new client of {@code config}, echoes once, and returns the leaf the server saw. */
    private X509Certificate presented(String transport, TestServer server, TlsConfig config) throws Exception {
        try (ClientTCP client = Tck.builder(transport, server.address()).tls(config, "").build()) {
            client.connect(Tck.CONNECT);
            byte[] ping = "ping\n".getBytes(US_ASCII);
            client.write(ping);
            assertArrayEquals(ping, Tck.readExactly(client, ping.length));
            lastResumed = client.tlsSession().orElseThrow().resumed();
            return server.lastClientCertificates().get(0);
        }
    }
}
