package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.api.ClientStats;
import tcp.client.api.ClientTCP;
import tcp.client.api.ReconnectPolicy;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section AF: statistics and JFR events (CS-219 to CS-225). */
@Timeout(60)
class ObservabilityScenariosTest {
    private static final int MIB = 1 << 20;
    private static final String[] EVENTS = {"tcp.client.Connect", "tcp.client.Handshake", "tcp.client.Close",
        "tcp.client.Reconnect"};

    @TempDir
    Path dir;

    @TransportTest
    void cs219_oneMebibyteEchoedCountsExactlyPlain(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            assertExactCounts(client);
        }
    }

    @TransportTest
    void cs219_oneMebibyteEchoedCountsExactlyTls(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            assertExactCounts(client);
        }
    }

    private static void assertExactCounts(ClientTCP client) throws Exception {
        assertEquals(new ClientStats(0, 0, 0, 0, 0, 0), client.stats(), "a new client");
        client.connect(Tck.CONNECT);
        byte[] data = new byte[MIB];
        new Random(219).nextBytes(data);
        Thread writer = new Thread(() -> {
            try {
                for (int off = 0; off < MIB; off += 16 * 1024) {
                    client.write(data, off, 16 * 1024);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        byte[] echoed = client.inputStream().readNBytes(MIB);
        writer.join(Tck.CONNECT.toMillis());
        assertFalse(writer.isAlive());
        assertArrayEquals(data, echoed);
        ClientStats stats = client.stats();
        boolean tls = client.tlsSession().isPresent();
        assertEquals(new ClientStats(1, 0, MIB, MIB, 0, 0, tls ? 1 : 0, stats.handshakeNanos()), stats);
        assertTrue(tls ? stats.handshakeNanos() > 0 : stats.handshakeNanos() == 0, stats::toString);
        client.close();
        assertEquals(stats, client.stats(), "close changes no count");
    }

    @TransportTest
    void cs220_reconnectsAndErrorsAreCounted(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.builder(transport, server.address()).tls(Tck.trustTestRoot(), "")
                     .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(100))).build()) {
            client.connect(Tck.CONNECT);
            EchoRoundTrip.assertEchoes(client, new byte[] {1, 2, 3});
            assertTrue(server.awaitOpenConnections(1, Tck.CONNECT));
            assertEquals(1, server.dropConnections());
            try {
                int n = client.read(new byte[8]);
                assertEquals(-1, n);
            } catch (IOException countedAsAnError) {
                // Some providers report a dropped TLS connection as a failure, which is an error.
            }
            assertTrue(client.awaitConnected(Tck.CONNECT), "the policy reconnected");
            EchoRoundTrip.assertEchoes(client, new byte[] {4, 5});
            ClientStats stats = client.stats();
            assertEquals(2, stats.connects());
            assertEquals(1, stats.reconnects());
            assertEquals(5, stats.bytesRead());
            assertEquals(5, stats.bytesWritten());
            assertEquals(2, stats.handshakes(), "one per TLS connection");
        }
        try (ClientTCP refused = Tck.client(transport, "127.0.0.1:" + DeadPort.reserve().port())) {
            assertThrows(IOException.class, () -> refused.connect(Tck.CONNECT));
            assertEquals(new ClientStats(0, 0, 0, 0, 1, 0), refused.stats(), "a failed connect is one error");
        }
    }

    @TransportTest
    void cs221_connectHandshakeAndCloseEventsCarryTheirFields(String transport) throws Exception {
        Path file = dir.resolve("cs221.jfr");
        String address;
        try (Recording recording = enabledRecording()) {
            recording.start();
            try (TestServer server = TestServer.tls(Behaviour.ECHO);
                 ClientTCP client = Tck.tlsClient(transport, server.address())) {
                address = server.address();
                client.connect(Tck.CONNECT);
                EchoRoundTrip.assertEchoes(client, new byte[100]);
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = ours(file, address);
        RecordedEvent connect = only(events, "tcp.client.Connect");
        assertEquals(transport, connect.getString("transport"));
        assertTrue(connect.getBoolean("tls"));
        assertEquals("ok", connect.getString("outcome"));
        assertFalse(connect.getDuration().isNegative());
        RecordedEvent handshake = only(events, "tcp.client.Handshake");
        assertTrue(handshake.getString("protocol").startsWith("TLSv1."), handshake::toString);
        assertTrue(handshake.getString("cipherSuite").startsWith("TLS_"), handshake::toString);
        assertFalse(handshake.getBoolean("resumed"), "the first handshake to a new server is full");
        assertTrue(handshake.getDuration().compareTo(connect.getDuration()) <= 0, "the handshake is part of the connect");
        RecordedEvent close = only(events, "tcp.client.Close");
        assertEquals("LOCAL", close.getString("reason"));
        assertEquals(100, close.getLong("bytesRead"));
        assertEquals(100, close.getLong("bytesWritten"));
        assertTrue(close.getLong("lifetime") > 0);
    }

    @TransportTest
    void cs222_reconnectEventsSayTheAttemptAndItsDelay(String transport) throws Exception {
        List<RecordedEvent> closes = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<RecordedEvent> reconnect = new java.util.concurrent.CompletableFuture<>();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             RecordingStream stream = new RecordingStream()) {
            String address = server.address();
            for (String name : EVENTS) {
                stream.enable(name).withoutThreshold();
            }
            stream.onEvent("tcp.client.Close", e -> {
                if (address.equals(e.getString("address"))) {
                    closes.add(e);
                }
            });
            stream.onEvent("tcp.client.Reconnect", e -> {
                if (address.equals(e.getString("address"))) {
                    reconnect.complete(e);
                }
            });
            stream.startAsync();
            try (ClientTCP client = Tck.builder(transport, address)
                    .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(30), Duration.ofMillis(30)).withJitter(0))
                    .build()) {
                client.connect(Tck.CONNECT);
                assertTrue(server.awaitOpenConnections(1, Tck.CONNECT));
                server.dropConnections();
                assertEquals(-1, client.read(new byte[1]));
                assertTrue(client.awaitConnected(Tck.CONNECT));
                RecordedEvent attempt = reconnect.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(1, attempt.getInt("attempt"));
                assertEquals("ok", attempt.getString("outcome"));
                assertEquals(Duration.ofMillis(30).toNanos(), attempt.getLong("delay"));
                assertEquals(List.of("PEER_CLOSED"), closes.stream().map(e -> e.getString("reason"))
                        .collect(Collectors.toList()), "the end that started the outage, committed before it");
            }
        }
    }

    @TransportTest
    void cs223_failedConnectIsAnEventWithTheException(String transport) throws Exception {
        Path file = dir.resolve("cs223.jfr");
        String address = "127.0.0.1:" + DeadPort.reserve().port();
        try (Recording recording = enabledRecording()) {
            recording.start();
            try (ClientTCP client = Tck.client(transport, address)) {
                assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
            }
            recording.stop();
            recording.dump(file);
        }
        RecordedEvent connect = only(ours(file, address), "tcp.client.Connect");
        assertTrue(connect.getString("outcome").endsWith("Exception"), connect::toString);
        assertFalse(connect.getBoolean("tls"));
    }

    @TransportTest
    void cs224_nothingIsRecordedWhenDisabled(String transport) throws Exception {
        Path file = dir.resolve("cs224.jfr");
        String address;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ThreadStart");
            for (String name : EVENTS) {
                recording.disable(name);
            }
            recording.start();
            try (TestServer server = TestServer.tls(Behaviour.ECHO);
                 ClientTCP client = Tck.tlsClient(transport, server.address())) {
                address = server.address();
                client.connect(Tck.CONNECT);
                EchoRoundTrip.assertEchoes(client, new byte[10]);
            }
            recording.stop();
            recording.dump(file);
        }
        assertEquals(List.of(), ours(file, address));
    }

    @TransportTest
    void cs225_droppedCallbackEventsAreCounted(String transport) throws Exception {
        int writes = 10_000;
        java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.registerFuncInfo((local, remote, state) -> {
                switch (state) {
                    case NEW -> {
                        blocked.countDown();
                        try {
                            release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    case WRITE -> delivered.incrementAndGet();
                    case CLOSE -> closed.countDown();
                    default -> { }
                }
            });
            client.connect(Tck.CONNECT);
            assertTrue(blocked.await(5, java.util.concurrent.TimeUnit.SECONDS));
            for (int i = 0; i < writes; i++) {
                client.write(new byte[0]);
            }
            release.countDown();
            client.close();
            assertTrue(closed.await(10, java.util.concurrent.TimeUnit.SECONDS), "CLOSE is never dropped");
            ClientStats stats = client.stats();
            assertTrue(stats.droppedEvents() > 0, stats::toString);
            assertEquals(writes, delivered.get() + stats.droppedEvents(), "every WRITE delivered or counted");
        }
    }

    private static Recording enabledRecording() {
        Recording recording = new Recording();
        for (String name : EVENTS) {
            recording.enable(name).withoutThreshold();
        }
        return recording;
    }

    /** The tcp.client events of {@code file} for {@code address}. */
    private static List<RecordedEvent> ours(Path file, String address) throws IOException {
        assertTrue(Files.size(file) > 0);
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("tcp.client."))
                .filter(e -> !e.hasField("address") || address.equals(e.getString("address")))
                .collect(Collectors.toList());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> matching = events.stream().filter(e -> e.getEventType().getName().equals(name))
                .collect(Collectors.toList());
        assertEquals(1, matching.size(), () -> name + " in " + events);
        return matching.get(0);
    }
}
