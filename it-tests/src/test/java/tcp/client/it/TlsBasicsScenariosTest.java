package tcp.client.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsVersion;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** CONFORMANCE.md section L (TLS, CS-086 to CS-103), on every transport. */
@Timeout(60)
class TlsBasicsScenariosTest {

    @TransportTest
    void cs086_setTlsEnableDisableEnable(String transport) throws Exception {
        TlsConfig cfg = Tck.trustTestRoot();
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.setTLS(true, cfg, "");
            client.setTLS(false, null, "");
            client.setTLS(true, cfg, "localhost");
            client.setTLS(false, null, "");
            client.setTLS(true, cfg, "127.0.0.1");
            client.setTLS(true, cfg, "");
            // The last enable is in force: the next connect handshakes.
            client.connect(Tck.CONNECT);
            assertTrue(client.tlsSession().isPresent(), "TLS must be on after enable, disable, enable");
            assertEquals("hello\n", echo(client, "hello\n"));
        }
    }

    @TransportTest
    void cs087_setTlsWithNullConfigFailsAndKeepsState(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.setTLS(true, null, "localhost"));
            assertEquals("invalid tls config", e.getMessage());
            // The previous (enabled) TLS state is kept.
            client.connect(Tck.CONNECT);
            assertTrue(client.tlsSession().isPresent(), "TLS must still be enabled");
            assertEquals("kept\n", echo(client, "kept\n"));
        }
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, plain.address())) {
            assertThrows(IllegalArgumentException.class, () -> client.setTLS(true, null, ""));
            // The previous (disabled) state is kept too.
            client.connect(Tck.CONNECT);
            assertTrue(client.tlsSession().isEmpty());
            assertEquals("plain\n", echo(client, "plain\n"));
        }
    }

    @TransportTest
    void cs088_disabledTlsConnectsInPlainMode(String transport) throws Exception {
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, plain.address())) {
            client.setTLS(false, null, "");
            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            assertTrue(client.tlsSession().isEmpty(), "no TLS session in plain mode");
            assertEquals("plain again\n", echo(client, "plain again\n"));
        }
    }

    @TransportTest
    void cs089_tlsEchoTenTimes(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            for (int i = 0; i < 10; i++) {
                assertEquals("message " + i + "\n", echo(client, "message " + i + "\n"));
            }
        }
    }

    @TransportTest
    void cs090_emptyServerNameComesFromTheAddressHost(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            // localhost is checked against the DNS SAN, 127.0.0.1 against the IP SAN.
            for (String address : List.of("localhost:" + server.port(), "127.0.0.1:" + server.port())) {
                try (ClientTCP client = Tck.tlsClient(transport, address)) {
                    client.connect(Tck.CONNECT);
                    assertTrue(client.isConnected(), address);
                    assertEquals(address + "\n", echo(client, address + "\n"));
                }
            }
        }
    }

    @TransportTest
    void cs091_noHostAndNoServerNameFails(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, ":" + server.port())) {
            EventRecorder rec = EventRecorder.on(client);
            // An IOException; CONFORMANCE prefers an SSLException but does not require one.
            assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
            assertFalse(client.isConnected());
            assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), rec.sequence());
            assertFalse(rec.states().contains(ConnState.NEW), rec.sequence());
            assertTrue(server.awaitOpenConnections(0, EventRecorder.EVENTUALLY));
        }
    }

    @TransportTest
    void cs092_explicitServerNameWins(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address())
                     .tls(Tck.trustTestRoot(), "localhost").build()) {
            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            // After an echo the server has finished its side of the handshake and recorded the SNI.
            assertEquals("by name\n", echo(client, "by name\n"));
            assertEquals(List.of("localhost"), server.sniNames(), "the explicit name is the one verified and sent");
        }
    }

    @TransportTest
    void cs093_wrongServerNameIsRejected(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address())
                     .tls(Tck.trustTestRoot(), "wrong-hostname").build()) {
            TlsRejection.assertRejected(client, server);
        }
    }

    @TransportTest
    void cs094_untrustedCertificateIsRejected(String transport) throws Exception {
        TlsConfig otherRootOnly = TlsConfig.builder().rootCa(TestPki.shared().untrustedRoot()).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).tls(otherRootOnly, "").build()) {
            TlsRejection.assertRejected(client, server);
        }
    }

    @TransportTest
    void cs095_tlsClientAgainstPlainServerFailsPromptly(String transport) throws Exception {
        try (TestServer plain = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, plain.address())) {
            long start = System.nanoTime();
            assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // "Promptly" is 1 s; tripled for a noisy 2-core CI.
            assertTrue(took.compareTo(Tck.PROMPTLY.multipliedBy(3)) < 0, "took " + took);
            assertFalse(client.isConnected());
            assertTrue(plain.awaitOpenConnections(0, EventRecorder.EVENTUALLY));
        }
    }

    @TransportTest
    void cs096_tlsClientAgainstSilentServerTimesOut(String transport) throws Exception {
        try (TestServer silent = TestServer.plain(Behaviour.SILENT);
             ClientTCP client = Tck.tlsClient(transport, silent.address())) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> client.connect(Duration.ofSeconds(1)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.toMillis() < 1500, "the 1 s budget covers the handshake; took " + took);
            assertFalse(client.isConnected());
            assertTrue(silent.awaitOpenConnections(0, EventRecorder.EVENTUALLY), "a socket was left open");
        }
    }

    @TransportTest
    void cs097_plainClientAgainstTlsServerGetsNoEcho(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).readTimeout(Duration.ofSeconds(5)).build()) {
            client.connect(Tck.CONNECT);
            assertEquals(6, client.write("Hello\n".getBytes(US_ASCII)));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            try {
                for (int i = 0; i < 100; i++) {
                    int n = client.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    got.write(buffer, 0, n);
                }
            } catch (IOException acceptedEnding) {
                // An IOException is one of the allowed endings (reset after the alert).
            }
            byte[] bytes = got.toByteArray();
            assertFalse(new String(bytes, US_ASCII).contains("Hello"), "the plain text must not be echoed");
            assertTrue(bytes.length == 0 || bytes[0] == 0x15, "only a TLS alert may come back; got "
                    + bytes.length + " bytes starting with " + (bytes.length == 0 ? "-" : bytes[0]));
        }
    }

    @TransportTest
    void cs098_mutualTlsEchoes(String transport) throws Exception {
        Identity me = TestPki.shared().client();
        TlsConfig cfg = TlsConfig.builder().rootCa(TestPki.shared().root())
                .certificatePairPem(me.privateKeyPkcs8Pem(), me.chainPem()).build();
        TlsServerOptions mtls = TlsServerOptions.builder().needClientAuth(true).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO, mtls);
             ClientTCP client = Tck.builder(transport, server.address()).tls(cfg, "").build()) {
            client.connect(Tck.CONNECT);
            assertEquals("mutual\n", echo(client, "mutual\n"));
            assertEquals(me.certificate(), server.lastClientCertificates().get(0));
        }
    }

    @TransportTest
    void cs099_mutualTlsWithoutClientCertificateGetsNoEcho(String transport) throws Exception {
        TlsServerOptions mtls = TlsServerOptions.builder().needClientAuth(true).build();
        for (TlsVersion version : TlsVersion.values()) {
            TlsConfig cfg = TlsConfig.builder().rootCa(TestPki.shared().root())
                    .versionMin(version).versionMax(version).build();
            try (TestServer server = TestServer.tls(Behaviour.ECHO, mtls);
                 ClientTCP client = Tck.builder(transport, server.address()).tls(cfg, "")
                         .readTimeout(Duration.ofSeconds(5)).build()) {
                if (version == TlsVersion.TLS_1_2) {
                    // TLS 1.2: the server refuses inside the handshake.
                    assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
                    assertFalse(client.isConnected());
                    continue;
                }
                try {
                    client.connect(Tck.CONNECT);
                } catch (IOException refusedInHandshake) {
                    // Allowed for TLS 1.3 too: no echo can come back.
                    assertFalse(client.isConnected());
                    continue;
                }
                // TLS 1.3: the client may finish first; the server's alert ends the first read.
                IOException e = assertThrows(IOException.class, () -> {
                    client.write("Hello\n".getBytes(US_ASCII));
                    byte[] buffer = new byte[64];
                    client.read(buffer);
                }, version + ": the read after a write must fail, not echo");
                assertFalse(e instanceof SocketTimeoutException, version + ": the server's alert must end the read, "
                        + "not the read timeout: " + e);
            }
        }
    }

    @TransportTest
    void cs100_oneMebibyteEchoOverTls(String transport) throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(100).nextBytes(data);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            client.connect(Tck.CONNECT);
            long start = System.nanoTime();
            Future<Integer> writer = pool.submit(() -> client.write(data));
            Future<byte[]> reader = pool.submit(() -> Tck.readExactly(client, data.length));
            assertEquals(data.length, writer.get(10, TimeUnit.SECONDS));
            assertArrayEquals(data, reader.get(10, TimeUnit.SECONDS));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.toSeconds() < 10, "took " + took);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @TransportTest
    void cs101_concurrentAndSequentialTlsClients(String transport) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String text = "concurrent " + i + "\n";
                results.add(pool.submit(() -> {
                    try (ClientTCP client = Tck.tlsClient(transport, server.address())) {
                        client.connect(Tck.CONNECT);
                        return echo(client, text);
                    }
                }));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("concurrent " + i + "\n", results.get(i).get(15, TimeUnit.SECONDS));
            }
            for (int i = 0; i < 10; i++) {
                try (ClientTCP client = Tck.tlsClient(transport, server.address())) {
                    client.connect(Tck.CONNECT);
                    assertEquals("cycle " + i + "\n", echo(client, "cycle " + i + "\n"));
                }
            }
            assertTrue(server.awaitOpenConnections(0, EventRecorder.EVENTUALLY));
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @TransportTest
    void cs102_oneNanosecondHandshakeTimeoutNeverHangs(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            try (ClientTCP client = Tck.builder(transport, server.address())
                    .tls(Tck.trustTestRoot(), "").handshakeTimeout(Duration.ofNanos(1)).build()) {
                connectSucceedsOrTimesOut(client);
            }
            try (ClientTCP client = Tck.tlsClient(transport, server.address())) {
                connectSucceedsOrTimesOut(client, Duration.ofNanos(1));
            }
        }
    }

    @TransportTest
    void cs103_setTlsTakesASnapshot(String transport) throws Exception {
        KeyStore trust = TestPki.trustStore(TestPki.shared().untrustedRoot());
        TlsConfig.Builder builder = TlsConfig.builder().rootCa(trust);
        TlsConfig cfg = builder.build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.setTLS(true, cfg, "");
            // Add the test root everywhere the config came from, after setTLS.
            trust.setCertificateEntry("late-root", TestPki.shared().root());
            builder.rootCa(TestPki.shared().root());
            TlsRejection.assertRejected(client, server);
        }
    }

    private static void connectSucceedsOrTimesOut(ClientTCP client, Duration... budget) throws IOException {
        try {
            if (budget.length == 0) {
                client.connect();
            } else {
                client.connect(budget[0]);
            }
            assertTrue(client.isConnected());
        } catch (SocketTimeoutException expected) {
            assertFalse(client.isConnected());
        }
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] bytes = text.getBytes(US_ASCII);
        assertEquals(bytes.length, client.write(bytes));
        return new String(Tck.readExactly(client, bytes.length), US_ASCII);
    }
}
