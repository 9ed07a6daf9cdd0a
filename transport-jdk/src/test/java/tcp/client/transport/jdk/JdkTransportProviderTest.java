package tcp.client.transport.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.Transports;
import tcp.client.api.spi.TransportOptions;
import tcp.client.testkit.Blackhole;

@Timeout(20)
class JdkTransportProviderTest {
    @Test
    void isFoundAndChosenByDefault() throws IOException {
        assertEquals("jdk", Transports.defaultTransport().name());
        assertTrue(Transports.available().stream().anyMatch(p -> p.name().equals("jdk")));
        try (ClientTCP client = ClientTCP.create("127.0.0.1:1")) {
            assertEquals("jdk", client.transport());
        }
    }

    @Test
    void everyClientSharesTheOneTransport() {
        JdkTransportProvider provider = new JdkTransportProvider();
        TransportOptions other = new TransportOptions(Duration.ZERO, Duration.ofSeconds(15), 9, false, 0, 0, Duration.ZERO, Duration.ofSeconds(1));
        assertSame(provider.create(TransportOptions.DEFAULTS), provider.create(other));
        assertEquals(Optional.empty(), provider.unavailableReason());
        assertEquals(100, Transports.byName("jdk").priority());
    }

    /**
     * A budget of 3 s or more reaches the deadline timer through its heartbeat; the blocking
     * connect must still end at the budget, as a timeout.
     */
    @Test
    void aLongConnectBudgetEndsABlockedConnectOnTime() throws IOException {
        Duration budget = Duration.ofMillis(3_300);
        try (Blackhole hole = Blackhole.open();
             ClientTCP client = ClientTCP.builder(hole.address()).transport("jdk").build()) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> client.connect(budget));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= budget.toMillis() - 50 && millis <= budget.toMillis() + 1_500,
                    "ended after " + millis + " ms, budget " + budget.toMillis() + " ms");
            assertFalse(client.isConnected());
        }
    }
}
