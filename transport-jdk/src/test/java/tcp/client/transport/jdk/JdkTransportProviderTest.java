package tcp.client.transport.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.Transports;
import tcp.client.api.spi.ConnectRequest;
import tcp.client.api.spi.Connection;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;
import tcp.client.testkit.Blackhole;

@Timeout(20)
class JdkTransportProviderTest {
    @Test
    void isFoundAndChosenByDefault() throws IOException {
        assertEquals("jdk", Transports.defaultProvider().name());
        assertTrue(Transports.available().stream().anyMatch(p -> p.name().equals("jdk")));
        try (ClientTCP client = ClientTCP.create("127.0.0.1:1")) {
            assertEquals("jdk", client.transport());
        }
    }

    @Test
    void socketOptionsFollowGoDefaults() throws IOException {
        TransportProvider provider = Transports.byName("jdk");
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             ConnectRequest request = ConnectRequest.start("127.0.0.1:" + server.getLocalPort(),
                     Duration.ofSeconds(5), null, null);
             Connection c = provider.create(TransportOptions.DEFAULTS).open(request)) {
            assertEquals(Boolean.TRUE, c.socketOption(StandardSocketOptions.TCP_NODELAY).orElseThrow());
            assertEquals(Boolean.TRUE, c.socketOption(StandardSocketOptions.SO_KEEPALIVE).orElseThrow());
            // Linux has the extended options; elsewhere they may be absent, which the SPI reports as empty.
            c.socketOption(extended("TCP_KEEPIDLE")).ifPresent(v -> assertEquals(300, v));
            c.socketOption(extended("TCP_KEEPINTERVAL")).ifPresent(v -> assertEquals(15, v));
            c.socketOption(extended("TCP_KEEPCOUNT")).ifPresent(v -> assertEquals(9, v));
        }
    }

    /** jdk.net's options, read reflectively: this test module does not read jdk.net. */
    @SuppressWarnings("unchecked")
    private static SocketOption<Integer> extended(String name) {
        try {
            return (SocketOption<Integer>) Class.forName("jdk.net.ExtendedSocketOptions").getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("jdk.net.ExtendedSocketOptions." + name + " is missing", e);
        }
    }

    @Test
    void clientsWithTheDefaultOptionsShareOneTransport() {
        TransportProvider provider = Transports.byName("jdk");
        TransportOptions equalToDefaults = new TransportOptions(Duration.ofMinutes(5), true, 0, 0, Duration.ZERO,
                Duration.ofSeconds(10));
        assertSame(provider.create(TransportOptions.DEFAULTS), provider.create(TransportOptions.DEFAULTS));
        assertSame(provider.create(TransportOptions.DEFAULTS), provider.create(equalToDefaults));
        TransportOptions other = new TransportOptions(Duration.ZERO, true, 0, 0, Duration.ZERO, Duration.ofSeconds(10));
        assertNotSame(provider.create(other), provider.create(other));
    }

    @Test
    void keepAliveZeroTurnsItOff() throws IOException {
        TransportOptions noKeepAlive = new TransportOptions(Duration.ZERO, false, 0, 0, Duration.ZERO,
                Duration.ofSeconds(10));
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             ConnectRequest request = ConnectRequest.start("127.0.0.1:" + server.getLocalPort(),
                     Duration.ofSeconds(5), null, null);
             Connection c = Transports.byName("jdk").create(noKeepAlive).open(request)) {
            assertEquals(Boolean.FALSE, c.socketOption(StandardSocketOptions.SO_KEEPALIVE).orElseThrow());
            assertEquals(Boolean.FALSE, c.socketOption(StandardSocketOptions.TCP_NODELAY).orElseThrow());
        }
    }

    /**
     * A budget of 3 s or more reaches the deadline timer through its heartbeat; the blocking
     * connect must still end at the budget, as a timeout, through the client and through the SPI.
     */
    @Test
    void aLongConnectBudgetEndsABlockedConnectOnTime() throws IOException {
        Duration budget = Duration.ofMillis(3_300);
        try (Blackhole hole = Blackhole.open();
             ClientTCP client = ClientTCP.builder(hole.address()).transport("jdk").build()) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> client.connect(budget));
            assertWithinBudget(start, budget);
            assertFalse(client.isConnected());

            try (ConnectRequest request = ConnectRequest.start(hole.address(), budget, null, null)) {
                long started = System.nanoTime();
                assertThrows(SocketTimeoutException.class,
                        () -> Transports.byName("jdk").create(TransportOptions.DEFAULTS).open(request).close());
                assertWithinBudget(started, budget);
                assertTrue(request.isTimedOut());
            }
        }
    }

    private static void assertWithinBudget(long startNanos, Duration budget) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(millis >= budget.toMillis() - 50 && millis <= budget.toMillis() + 1_500,
                "ended after " + millis + " ms, budget " + budget.toMillis() + " ms");
    }
}
