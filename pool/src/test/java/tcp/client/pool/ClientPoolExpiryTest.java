package tcp.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.pool.PoolFixture.WAIT;
import static tcp.client.pool.PoolFixture.echo;
import static tcp.client.pool.PoolFixture.until;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** The background work: idle timeout, maximum lifetime, minIdle. */
@Timeout(30)
class ClientPoolExpiryTest {

    @Test
    void idleClientIsClosedAfterIdleTimeout() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
                ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server))
                        .idleTimeout(Duration.ofMillis(150)).build()) {
            ClientTCP client;
            try (ClientPool.Lease lease = pool.borrow()) {
                client = lease.client();
            }
            assertTrue(until(() -> pool.stats().closed() == 1), pool.stats().toString());
            assertEquals(new PoolStats(0, 0, 0, 0, 1, 1), pool.stats());
            assertFalse(client.isConnected());
            assertTrue(server.awaitOpenConnections(0, WAIT));
        }
    }

    @Test
    void clientIsClosedAfterMaxLifetimeEvenWhileInUse() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
                ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server))
                        .maxLifetime(Duration.ofMillis(150)).build()) {
            ClientTCP first;
            long start = System.nanoTime();
            try (ClientPool.Lease lease = pool.borrow()) {
                first = lease.client();
                // Keep it leased past its lifetime: it must be closed on return, not pooled.
                assertTrue(until(() -> System.nanoTime() - start > Duration.ofMillis(200).toNanos()));
                echo(first, "still usable while leased");
            }
            assertFalse(first.isConnected());
            assertEquals(new PoolStats(0, 0, 0, 0, 1, 1), pool.stats());
            try (ClientPool.Lease lease = pool.borrow()) {
                echo(lease.client(), "second");
            }
            // The idle one reaches its lifetime too and the sweep closes it.
            assertTrue(until(() -> pool.stats().closed() == 2), pool.stats().toString());
            assertTrue(server.awaitOpenConnections(0, WAIT));
        }
    }

    @Test
    void minIdleIsPrefilledAndRefilledInTheBackground() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
                ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).maxSize(4).minIdle(2).build()) {
            assertTrue(until(() -> pool.stats().idle() == 2), pool.stats().toString());
            assertTrue(server.awaitOpenConnections(2, WAIT));
            try (ClientPool.Lease lease = pool.borrow()) {
                echo(lease.client(), "prefilled");
                lease.invalidate();
            }
            // One fewer idle now: the pool dials another without being asked.
            assertTrue(until(() -> pool.stats().idle() == 2 && pool.stats().created() == 3), pool.stats().toString());
            assertTrue(server.awaitOpenConnections(2, WAIT));
            assertTrue(server.awaitAccepted(3, WAIT));
            assertEquals(3, server.accepted());
        }
    }

    @Test
    void sweeperThreadExistsOnlyWhileAPoolHasIdleClients() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).build();
            try (ClientPool.Lease lease = pool.borrow()) {
                echo(lease.client(), "one");
            }
            assertTrue(until(() -> sweeperThreads() == 1), "the idle client's sweep runs on tcp-client-pool-N");
            pool.close();
            assertTrue(until(() -> sweeperThreads() == 0), "the sweeper outlived the last idle client");
        }
    }

    private static long sweeperThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("tcp-client-pool-") && t.isAlive())
                .peek(t -> assertTrue(t.isDaemon(), t.getName()))
                .count();
    }
}
