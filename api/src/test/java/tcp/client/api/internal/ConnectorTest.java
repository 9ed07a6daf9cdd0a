package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.spi.TransportOptions;
import tcp.client.testkit.Blackhole;

/** The core's dialing, socket options and connect budget, without any transport. */
@Timeout(20)
class ConnectorTest {
    private static final Duration DIAL_DELAY = Duration.ofMillis(250);
    private static final ConnectAttempt.Budget FIVE_SECONDS =
            new ConnectAttempt.Budget(Duration.ofSeconds(5), Duration.ofSeconds(10));

    @Test
    void socketOptionsFollowGoDefaults() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Connection c = open(server, TransportOptions.DEFAULTS)) {
            assertEquals(Boolean.TRUE, c.socketOption(StandardSocketOptions.TCP_NODELAY).orElseThrow());
            assertEquals(Boolean.TRUE, c.socketOption(StandardSocketOptions.SO_KEEPALIVE).orElseThrow());
            // Linux has the extended options; elsewhere they may be absent, which reads as empty.
            c.socketOption(ExtendedSocketOptions.TCP_KEEPIDLE).ifPresent(v -> assertEquals(300, v));
            c.socketOption(ExtendedSocketOptions.TCP_KEEPINTERVAL).ifPresent(v -> assertEquals(15, v));
            c.socketOption(ExtendedSocketOptions.TCP_KEEPCOUNT).ifPresent(v -> assertEquals(9, v));
        }
    }

    @Test
    void keepAliveZeroTurnsItOffAndBuffersAreApplied() throws IOException {
        TransportOptions options = new TransportOptions(Duration.ZERO, Duration.ofSeconds(15), 9, false, 64 * 1024, 32 * 1024, Duration.ZERO,
                Duration.ofSeconds(10));
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Connection c = open(server, options)) {
            assertEquals(Boolean.FALSE, c.socketOption(StandardSocketOptions.SO_KEEPALIVE).orElseThrow());
            assertEquals(Boolean.FALSE, c.socketOption(StandardSocketOptions.TCP_NODELAY).orElseThrow());
            // Linux doubles what it is asked for; no platform gives less than asked here.
            assertTrue(c.socketOption(StandardSocketOptions.SO_SNDBUF).orElseThrow() >= 64 * 1024);
            assertTrue(c.socketOption(StandardSocketOptions.SO_RCVBUF).orElseThrow() >= 32 * 1024);
        }
    }

    @Test
    void anUnknownOptionReadsAsEmpty() throws IOException {
        SocketOption<Boolean> unknown = new SocketOption<>() {
            @Override
            public String name() {
                return "NOT_AN_OPTION";
            }

            @Override
            public Class<Boolean> type() {
                return Boolean.class;
            }
        };
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Connection c = open(server, TransportOptions.DEFAULTS)) {
            assertTrue(c.socketOption(unknown).isEmpty());
            assertTrue(c.tlsSession().isEmpty());
        }
    }

    @Test
    void aClosedPortFailsWithConnectExceptionAndLeavesNothingGuarded() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Address address = Address.parse("127.0.0.1:" + port);
        try (ConnectAttempt attempt = ConnectAttempt.begin(address.toString(), FIVE_SECONDS)) {
            assertThrows(java.net.ConnectException.class,
                    () -> Connector.open(attempt, address, TransportOptions.DEFAULTS, DIAL_DELAY, null));
            assertFalse(attempt.isExpired());
            assertTrue(attempt.cancel(), "the attempt was still running");
        }
    }

    @Test
    void aCancelledAttemptRefusesToDial() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Address address = Address.parse("127.0.0.1:" + server.getLocalPort());
            try (ConnectAttempt attempt = ConnectAttempt.begin(address.toString(), FIVE_SECONDS)) {
                assertTrue(attempt.cancel());
                assertFalse(attempt.cancel(), "a second cancel ends nothing");
                InterruptedIOException e = assertThrows(InterruptedIOException.class,
                        () -> Connector.open(attempt, address, TransportOptions.DEFAULTS, DIAL_DELAY, null));
                assertTrue(e.getMessage().contains(address.toString()), e::getMessage);
                assertTrue(attempt.isCancelled());
            }
        }
    }

    /**
     * A budget of 3 s or more reaches the deadline timer through its heartbeat; a connect that
     * blocks must still end at the budget, as a timeout naming it.
     */
    @Test
    void aLongBudgetEndsABlockedConnectOnTime() throws IOException {
        Duration budget = Duration.ofMillis(3_300);
        try (Blackhole hole = Blackhole.open()) {
            Address address = Address.parse(hole.address());
            try (ConnectAttempt attempt = ConnectAttempt.begin(address.toString(),
                    new ConnectAttempt.Budget(budget, Duration.ofSeconds(10)))) {
                long start = System.nanoTime();
                IOException e = assertThrows(IOException.class,
                        () -> Connector.open(attempt, address, TransportOptions.DEFAULTS, DIAL_DELAY, null).close());
                IOException reported = Failures.connect(e, attempt);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(reported instanceof SocketTimeoutException, () -> "got " + reported);
                assertTrue(reported.getMessage().contains("3300 ms"), reported::getMessage);
                assertTrue(attempt.isExpired());
                assertTrue(millis >= budget.toMillis() - 50 && millis <= budget.toMillis() + 1_500,
                        "ended after " + millis + " ms, budget " + budget.toMillis() + " ms");
            }
        }
    }

    @Test
    void theBudgetRefusesWhatIsNotPositive() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> FIVE_SECONDS.withConnect(Duration.ZERO));
        assertEquals("connect timeout must be positive: PT0S", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConnectAttempt.Budget(Duration.ofSeconds(1),
                Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> FIVE_SECONDS.withConnect(null));
    }

    @Test
    void theHandshakeGetsTheCapOrWhatIsLeftWhicheverIsLess() throws IOException {
        try (ConnectAttempt capped = ConnectAttempt.begin("h:1",
                new ConnectAttempt.Budget(Duration.ofSeconds(30), Duration.ofMillis(250)))) {
            assertEquals(250, capped.handshakeMillis());
        }
        try (ConnectAttempt shortBudget = ConnectAttempt.begin("h:1",
                new ConnectAttempt.Budget(Duration.ofMillis(400), Duration.ofSeconds(10)))) {
            int millis = shortBudget.handshakeMillis();
            assertTrue(millis > 0 && millis <= 400, "handshake may take " + millis + " ms");
        }
    }

    private static Connection open(ServerSocket server, TransportOptions options) throws IOException {
        Address address = Address.parse("127.0.0.1:" + server.getLocalPort());
        try (ConnectAttempt attempt = ConnectAttempt.begin(address.toString(), FIVE_SECONDS)) {
            return Connector.open(attempt, address, options, DIAL_DELAY, null);
        }
    }
}
