package tcp.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.pool.PoolFixture.WAIT;
import static tcp.client.pool.PoolFixture.echo;
import static tcp.client.pool.PoolFixture.until;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** close(): idle clients at once, leased ones on return, borrowers before and during. */
@Timeout(30)
class ClientPoolCloseTest {

    @Test
    void closeClosesIdleClientsAtOnceAndLeasedOnesOnReturn() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).build();
            ClientPool.Lease kept = pool.borrow();
            ClientTCP idle;
            try (ClientPool.Lease lease = pool.borrow()) {
                idle = lease.client();
            }
            assertTrue(server.awaitOpenConnections(2, WAIT));
            pool.close();
            assertFalse(idle.isConnected());
            assertEquals(new PoolStats(1, 0, 1, 0, 2, 1), pool.stats());
            assertTrue(server.awaitOpenConnections(1, WAIT));
            echo(kept.client(), "leased one still works");
            ClientTCP leased = kept.client();
            kept.close();
            assertFalse(leased.isConnected());
            assertEquals(new PoolStats(0, 0, 0, 0, 2, 2), pool.stats());
            assertTrue(server.awaitOpenConnections(0, WAIT));
            pool.close(); // idempotent
        }
    }

    @Test
    void borrowAfterCloseThrowsIllegalStateException() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).build();
            pool.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::borrow);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertEquals(0, server.accepted());
        }
    }

    @Test
    void closeWakesWaitingBorrowersWithIllegalStateException() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).maxSize(1).build();
            ClientPool.Lease held = pool.borrow();
            ExecutorService executor = Executors.newFixedThreadPool(2);
            try {
                Future<?> first = executor.submit(() -> pool.borrow());
                assertTrue(until(() -> pool.stats().waiting() == 1));
                Future<?> second = executor.submit(() -> pool.borrow());
                assertTrue(until(() -> pool.stats().waiting() == 2));
                pool.close();
                for (Future<?> f : new Future<?>[] {first, second}) {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                    assertInstanceOf(IllegalStateException.class, e.getCause());
                }
                assertEquals(0, pool.stats().waiting());
            } finally {
                executor.shutdownNow();
                held.close();
            }
            assertEquals(new PoolStats(0, 0, 0, 0, 1, 1), pool.stats());
        }
    }

    @Test
    void minIdlePoolStopsRefillingOnceClosed() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).maxSize(2).minIdle(2).build();
            assertTrue(until(() -> pool.stats().idle() == 2), pool.stats().toString());
            pool.close();
            assertEquals(0, pool.stats().open());
            assertTrue(server.awaitOpenConnections(0, WAIT));
            assertTrue(server.awaitAccepted(2, WAIT));
            assertEquals(2, server.accepted());
        }
    }
}
