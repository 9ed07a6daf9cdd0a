package tcp.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** Settings checked at the setter or build(), and what the factory may return. */
@Timeout(30)
class ClientPoolBuilderTest {
    private static ClientPool.Builder builder() {
        return ClientPool.builder(() -> ClientTCP.create("127.0.0.1:1"));
    }

    private static void assertNames(RuntimeException e, String setting) {
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    @Test
    void nullFactoryIsRejected() {
        assertNames(assertThrows(NullPointerException.class, () -> ClientPool.builder(null)), "factory");
    }

    @Test
    void maxSizeBelowOneIsRejected() {
        assertNames(assertThrows(IllegalArgumentException.class, () -> builder().maxSize(0)), "maxSize must be at least 1: 0");
        assertNames(assertThrows(IllegalArgumentException.class, () -> builder().maxSize(-3)), "maxSize");
    }

    @Test
    void negativeMinIdleIsRejected() {
        assertNames(assertThrows(IllegalArgumentException.class, () -> builder().minIdle(-1)), "minIdle");
    }

    @Test
    void minIdleOverMaxSizeIsRejectedAtBuild() {
        ClientPool.Builder b = builder().maxSize(2).minIdle(3);
        assertNames(assertThrows(IllegalArgumentException.class, b::build), "minIdle 3 exceeds maxSize 2");
    }

    @Test
    void nonPositiveOrNullDurationsAreRejectedNamingTheSetting() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
            assertNames(assertThrows(IllegalArgumentException.class, () -> builder().borrowTimeout(bad)), "borrowTimeout");
            assertNames(assertThrows(IllegalArgumentException.class, () -> builder().idleTimeout(bad)), "idleTimeout");
            assertNames(assertThrows(IllegalArgumentException.class, () -> builder().maxLifetime(bad)), "maxLifetime");
        }
        assertNames(assertThrows(NullPointerException.class, () -> builder().borrowTimeout(null)), "borrowTimeout");
        assertNames(assertThrows(NullPointerException.class, () -> builder().idleTimeout(null)), "idleTimeout");
        assertNames(assertThrows(NullPointerException.class, () -> builder().maxLifetime(null)), "maxLifetime");
    }

    @Test
    void newPoolIsEmpty() {
        try (ClientPool pool = builder().maxSize(3).build()) {
            assertEquals(new PoolStats(0, 0, 0, 0, 0, 0), pool.stats());
            assertTrue(pool.toString().contains("PoolStats"), pool.toString());
        }
    }

    @Test
    void factoryReturningNullFailsTheBorrowAndFreesTheSlot() {
        try (ClientPool pool = ClientPool.builder(() -> null).maxSize(1).build()) {
            assertNames(assertThrows(NullPointerException.class, pool::borrow), "factory returned null");
            assertNames(assertThrows(NullPointerException.class, pool::borrow), "factory returned null");
            assertEquals(new PoolStats(0, 0, 0, 0, 0, 0), pool.stats());
        }
    }

    @Test
    void factoryReturningAConnectedClientIsRejectedAndTheClientClosed() throws IOException {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            ClientTCP connected = ClientTCP.create(server.address());
            connected.connect(Duration.ofSeconds(5));
            try (ClientPool pool = ClientPool.builder(() -> connected).maxSize(1).build()) {
                assertNames(assertThrows(IllegalArgumentException.class, pool::borrow), "factory returned a connected client");
                assertEquals(0, pool.stats().open());
                assertTrue(!connected.isConnected());
            } finally {
                connected.close();
            }
        }
    }
}
