package tcp.client.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.micrometer.MetricsFixture.MIB;
import static tcp.client.micrometer.MetricsFixture.WAIT;
import static tcp.client.micrometer.MetricsFixture.echo;
import static tcp.client.micrometer.MetricsFixture.until;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientStats;
import tcp.client.api.ClientTCP;
import tcp.client.api.ReconnectPolicy;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;

/** A client's meters against real loopback servers: they read exactly what stats() says. */
@Timeout(60)
class TcpClientMetricsClientTest {
    private static final List<String> METERS = List.of("tcp.client.bytes.read", "tcp.client.bytes.written",
            "tcp.client.connects", "tcp.client.reconnects", "tcp.client.errors", "tcp.client.events.dropped",
            "tcp.client.handshake");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void plainEchoOfOneMebibyteIsCountedExactly() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.builder(server.address()).connectTimeout(WAIT).build();
             MeterBinding binding = TcpClientMetrics.bind(client, registry, "echo")) {
            client.connect(WAIT);
            echo(client, MIB);
            assertEquals(new ClientStats(1, 0, MIB, MIB, 0, 0), client.stats());
            assertCountersMatch(client, "echo");
            assertEquals(METERS.size(), binding.meters().size());
        }
    }

    @Test
    void tlsEchoOfOneMebibyteCountsApplicationBytesNotRecords() throws Exception {
        TlsConfig trustTestRoot = TlsConfig.builder().rootCa(TestPki.shared().root()).build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = ClientTCP.builder(server.address()).connectTimeout(WAIT).tls(trustTestRoot, "").build();
             MeterBinding binding = TcpClientMetrics.bind(client, registry, "tls-echo")) {
            client.connect(WAIT);
            echo(client, MIB);
            ClientStats stats = client.stats();
            assertEquals(new ClientStats(1, 0, MIB, MIB, 0, 0, 1, stats.handshakeNanos()), stats);
            assertCountersMatch(client, "tls-echo");
            FunctionTimer handshakes = registry.get("tcp.client.handshake").tags("name", "tls-echo").functionTimer();
            assertEquals(1.0, handshakes.count());
            assertEquals((double) stats.handshakeNanos(), handshakes.totalTime(TimeUnit.NANOSECONDS));
            assertTrue(stats.handshakeNanos() > 0);
        }
    }

    @Test
    void metersAreTaggedWithNameAndTransportAndBytesHaveAUnit() throws Exception {
        try (ClientTCP client = ClientTCP.create(DeadPort.reserve().address());
             MeterBinding binding = TcpClientMetrics.bind(client, registry, "tagged")) {
            assertEquals("jdk", client.transport(), "the only transport on the test path");
            for (Meter meter : binding.meters()) {
                assertEquals("tagged", meter.getId().getTag("name"), meter.getId().toString());
                assertEquals("jdk", meter.getId().getTag("transport"), meter.getId().toString());
                Meter.Type expected = meter.getId().getName().equals("tcp.client.handshake") ? Meter.Type.TIMER
                        : Meter.Type.COUNTER;
                assertEquals(expected, meter.getId().getType(), meter.getId().toString());
            }
            assertEquals(METERS, binding.meters().stream().map(m -> m.getId().getName()).toList());
            assertEquals("bytes", registry.get("tcp.client.bytes.read").functionCounter().getId().getBaseUnit());
            assertEquals("bytes", registry.get("tcp.client.bytes.written").functionCounter().getId().getBaseUnit());
            assertNull(registry.get("tcp.client.connects").functionCounter().getId().getBaseUnit());
        }
    }

    @Test
    void failedConnectIsCountedAsAnError() throws Exception {
        try (ClientTCP client = ClientTCP.builder(DeadPort.reserve().address()).connectTimeout(WAIT).build();
             MeterBinding binding = TcpClientMetrics.bind(client, registry, "refused")) {
            assertThrows(IOException.class, () -> client.connect(WAIT));
            assertEquals(new ClientStats(0, 0, 0, 0, 1, 0), client.stats());
            assertEquals(1.0, counter("tcp.client.errors", "refused"));
            assertEquals(0.0, counter("tcp.client.connects", "refused"));
            assertCountersMatch(client, "refused");
        }
    }

    @Test
    void reconnectionIsCountedAsAConnectAndAReconnect() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.builder(server.address()).connectTimeout(WAIT)
                     .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(100))).build();
             MeterBinding binding = TcpClientMetrics.bind(client, registry, "resilient")) {
            client.connect(WAIT);
            echo(client, 3);
            assertTrue(server.awaitOpenConnections(1, WAIT));
            assertEquals(1, server.dropConnections());
            try {
                assertEquals(-1, client.read(new byte[8]));
            } catch (IOException countedAsAnError) {
                // A drop seen as a reset rather than an end of stream is an error; counted as such.
            }
            assertTrue(until(() -> client.stats().reconnects() == 1), "the policy reconnected: " + client.stats());
            echo(client, 2);
            assertEquals(2.0, counter("tcp.client.connects", "resilient"));
            assertEquals(1.0, counter("tcp.client.reconnects", "resilient"));
            assertEquals(5.0, counter("tcp.client.bytes.read", "resilient"));
            assertCountersMatch(client, "resilient");
        }
    }

    @Test
    void closedClientKeepsItsFinalCountsUntilTheBindingIsClosed() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = ClientTCP.builder(server.address()).connectTimeout(WAIT).build();
             MeterBinding binding = TcpClientMetrics.bind(client, registry, "closing")) {
            client.connect(WAIT);
            echo(client, 1000);
            client.close();
            assertEquals(1000.0, counter("tcp.client.bytes.written", "closing"));
            assertCountersMatch(client, "closing");
            binding.close();
            assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
        }
    }

    /** Every meter of the binding named {@code name} equals the matching count of stats(). */
    private void assertCountersMatch(ClientTCP client, String name) {
        ClientStats stats = client.stats();
        assertEquals((double) stats.bytesRead(), counter("tcp.client.bytes.read", name));
        assertEquals((double) stats.bytesWritten(), counter("tcp.client.bytes.written", name));
        assertEquals((double) stats.connects(), counter("tcp.client.connects", name));
        assertEquals((double) stats.reconnects(), counter("tcp.client.reconnects", name));
        assertEquals((double) stats.errors(), counter("tcp.client.errors", name));
        assertEquals((double) stats.droppedEvents(), counter("tcp.client.events.dropped", name));
        FunctionTimer timer = registry.get("tcp.client.handshake").tags("name", name, "transport", "jdk").functionTimer();
        assertEquals((double) stats.handshakes(), timer.count());
    }

    private double counter(String meter, String name) {
        FunctionCounter counter = registry.get(meter).tags("name", name, "transport", "jdk").functionCounter();
        return counter.count();
    }
}
