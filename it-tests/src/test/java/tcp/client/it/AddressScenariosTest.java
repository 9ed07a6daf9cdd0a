package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.InvalidAddressException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section A: creation and address validation (CS-001 to CS-010). */
@Timeout(30)
class AddressScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms. */
    private static final Duration NEVER = Duration.ofMillis(300);

    @TransportTest
    void cs001_validFormsAreAcceptedWithoutConnecting(String transport) throws Exception {
        List<String> fixed = List.of("127.0.0.1:8080", "0.0.0.0:8081", ":8082", "localhost:8083", "[::1]:8086",
                "[2001:db8::1]:8087", "127.0.0.1:0", "localhost:65535");
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            int p = server.port();
            List<String> addresses = new ArrayList<>(fixed);
            // The same forms pointed at a live listener: creating them must not dial it.
            addresses.addAll(List.of("127.0.0.1:" + p, ":" + p, "0.0.0.0:" + p, "localhost:" + p, "[127.0.0.1]:" + p));
            List<EventRecorder> recorders = new ArrayList<>();
            List<ClientTCP> clients = new ArrayList<>();
            try {
                for (String address : addresses) {
                    ClientTCP client = Tck.client(transport, address);
                    clients.add(client);
                    assertNotNull(client, address);
                    recorders.add(EventRecorder.on(client));
                    assertFalse(client.isConnected(), address);
                    assertEquals(transport, client.transport(), address);
                }
                assertFalse(server.awaitAccepted(1, NEVER), "creating a client must not connect");
                for (int i = 0; i < recorders.size(); i++) {
                    assertFalse(recorders.get(i).awaitCount(1, Duration.ofMillis(10)),
                            addresses.get(i) + ": no callback may fire: " + recorders.get(i).sequence());
                }
            } finally {
                for (ClientTCP client : clients) {
                    client.close();
                }
            }
        }
    }

    @TransportTest
    void cs002_emptyOrNullAddressIsRejectedWithTheBareMessage(String transport) {
        for (String address : new String[] {"", null}) {
            InvalidAddressException e = assertThrows(InvalidAddressException.class,
                    () -> Tck.client(transport, address), "address " + address);
            assertInstanceOf(IllegalArgumentException.class, e);
            assertEquals("invalid dial address", e.getMessage(), "address " + address);
        }
        assertThrows(InvalidAddressException.class, () -> ClientTCP.create(""));
        assertThrows(InvalidAddressException.class, () -> ClientTCP.create(null));
    }

    @TransportTest
    void cs003_missingPortIsRejected(String transport) {
        assertAllRejected(transport, "not-a-valid-address", "8080", "[::1]");
    }

    @TransportTest
    void cs004_tooManyColonsAreRejected(String transport) {
        // "::1:8080" must not be read as host "::1", port 8080 (no split at the last colon).
        assertAllRejected(transport, "::1:8080", "invalid::address::format", "localhost:8080:9090");
    }

    @TransportTest
    void cs005_portOutOfRangeIsRejectedWithoutWrapping(String transport) {
        // 4294967377 = 2^32 + 81, which Go 1.19 wraps to port 81.
        assertAllRejected(transport, ":99999", ":65536", ":-1", "localhost:4294967377", "127.0.0.1:4294967377");
    }

    @TransportTest
    void cs006_nonNumericPortsAndServiceNamesAreRejected(String transport) {
        assertAllRejected(transport, "localhost:abc", "localhost:0x50", "localhost: 80", "127.0.0.1:abc",
                "localhost:http");
    }

    @TransportTest
    void cs007_lenientNumericFormsAreAcceptedWithGosPortValues(String transport) throws Exception {
        Map<String, Integer> expected = Map.of("127.0.0.1:", 0, "[::1]:", 0, ":+80", 80, ":080", 80);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            try (ClientTCP client = Tck.client(transport, e.getKey())) {
                assertFalse(client.isConnected(), e.getKey());
            }
            // The port the client dials, as its DIAL event reports it.
            try (ClientTCP client = Tck.client(transport, e.getKey())) {
                EventRecorder rec = EventRecorder.on(client);
                try {
                    client.connect(Duration.ofSeconds(2));
                } catch (IOException refusedOrUnreachable) {
                    // Nothing needs to listen there: only the port dialled is checked.
                }
                assertTrue(rec.awaitState(ConnState.DIAL, EventRecorder.EVENTUALLY), e.getKey());
                InetSocketAddress dialled = (InetSocketAddress) rec.events().stream()
                        .filter(ev -> ev.state() == ConnState.DIAL).findFirst().orElseThrow().remote();
                assertEquals(e.getValue(), dialled.getPort(), e.getKey());
            }
        }
        // Black-box: the lenient forms dial the port they denote.
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            for (String address : List.of(":+" + server.port(), ":0" + server.port(), "127.0.0.1:+" + server.port())) {
                try (ClientTCP client = Tck.client(transport, address)) {
                    client.connect(Tck.CONNECT);
                    assertEquals("ok\n", echo(client, "ok\n"), address);
                }
            }
            assertEquals(3, server.accepted());
        }
    }

    @TransportTest
    void cs008_unresolvableHostFailsAtConnectOnly(String transport) throws Exception {
        Duration timeout = Duration.ofSeconds(10);
        try (ClientTCP client = Tck.client(transport, "nonexistent.invalid:80")) {
            EventRecorder rec = EventRecorder.on(client);
            for (int attempt = 1; attempt <= 2; attempt++) {
                // Names are resolved at every connect: each attempt fails on its own lookup.
                long start = System.nanoTime();
                UnknownHostException e = assertThrows(UnknownHostException.class, () -> client.connect(timeout),
                        "attempt " + attempt);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(timeout.plusSeconds(1)) < 0, "took " + took);
                assertFalse(client.isConnected());
                assertTrue(rec.awaitErrors(attempt, EventRecorder.EVENTUALLY), rec.sequence());
                assertSame(e, rec.errors().get(attempt - 1), "the error callback gets the thrown instance");
            }
            assertFalse(rec.awaitState(ConnState.NEW, NEVER), rec.sequence());
            assertEquals(List.of(ConnState.DIAL, ConnState.DIAL), rec.states(), rec.sequence());
            assertEquals(0, rec.errorArgumentCountViolations());
        }
    }

    @TransportTest
    void cs009_nonStrictIpv4LiteralsAreRejected(String transport) {
        // The JDK would read the first three as 127.0.0.1, 1.2.0.3 and 0.0.0.0.
        assertAllRejected(transport, "127.1:80", "1.2.3:80", "0:80", "256.1.1.1:80");
    }

    @TransportTest
    void cs010_clientsAreIndependentAndStartDisconnected(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP a = Tck.client(transport, server.address());
             ClientTCP b = Tck.client(transport, server.address())) {
            assertNotSame(a, b);
            for (int i = 0; i < 1000; i++) {
                assertFalse(a.isConnected(), "call " + i);
                assertFalse(b.isConnected(), "call " + i);
            }
            EventRecorder recB = EventRecorder.on(b);
            a.connect(Tck.CONNECT);
            assertTrue(a.isConnected());
            assertFalse(b.isConnected(), "connecting one client must not connect the other");
            assertFalse(recB.awaitCount(1, NEVER), "the other client's callbacks stay silent: " + recB.sequence());
            assertTrue(server.awaitOpenConnections(1, EventRecorder.EVENTUALLY));
            a.close();
            assertFalse(a.isConnected());
        }
    }

    private static void assertAllRejected(String transport, String... addresses) {
        for (String address : addresses) {
            InvalidAddressException e = assertThrows(InvalidAddressException.class,
                    () -> Tck.client(transport, address), "address \"" + address + "\"");
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().startsWith("invalid dial address"),
                    "address \"" + address + "\": " + e.getMessage());
        }
    }

    private static String echo(ClientTCP client, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(out.length, client.write(out));
        byte[] in = client.inputStream().readNBytes(out.length);
        return new String(in, StandardCharsets.UTF_8);
    }
}
