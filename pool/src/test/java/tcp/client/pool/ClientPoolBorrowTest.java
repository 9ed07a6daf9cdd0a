package tcp.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.pool.PoolFixture.WAIT;
import static tcp.client.pool.PoolFixture.echo;
import static tcp.client.pool.PoolFixture.until;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** Borrowing and giving back on one thread: reuse, invalidation, checks, dial failures. */
@Timeout(30)
class ClientPoolBorrowTest {
    private TestServer server;
    private PoolFixture.Factory factory;
    private ClientPool pool;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.plain(Behaviour.ECHO);
        factory = new PoolFixture.Factory(server);
        pool = ClientPool.builder(factory).maxSize(2).build();
    }

    @AfterEach
    void stop() {
        pool.close();
        server.close();
    }

    @Test
    void sequentialBorrowsReuseOneConnection() throws Exception {
        ClientTCP first;
        try (ClientPool.Lease lease = pool.borrow()) {
            first = lease.client();
            assertTrue(first.isConnected());
            echo(first, "one");
            assertEquals(new PoolStats(1, 0, 1, 0, 1, 0), pool.stats());
        }
        assertEquals(new PoolStats(1, 1, 0, 0, 1, 0), pool.stats());
        for (int i = 0; i < 20; i++) {
            try (ClientPool.Lease lease = pool.borrow()) {
                assertSame(first, lease.client());
                echo(lease.client(), "again " + i);
            }
        }
        assertEquals(1, server.accepted());
        assertEquals(1, factory.calls.get());
    }

    @Test
    void leaseCloseIsIdempotentAndALeaseIsUnusableAfterIt() throws Exception {
        ClientPool.Lease lease = pool.borrow();
        lease.close();
        lease.close();
        assertEquals(new PoolStats(1, 1, 0, 0, 1, 0), pool.stats());
        assertThrows(IllegalStateException.class, lease::client);
        assertThrows(IllegalStateException.class, lease::invalidate);
        assertTrue(lease.toString().contains("closed"), lease.toString());
    }

    @Test
    void invalidatedClientIsClosedNotGivenBack() throws Exception {
        ClientTCP client;
        try (ClientPool.Lease lease = pool.borrow()) {
            client = lease.client();
            lease.invalidate();
        }
        assertFalse(client.isConnected());
        assertEquals(new PoolStats(0, 0, 0, 0, 1, 1), pool.stats());
        assertTrue(server.awaitOpenConnections(0, WAIT));
        try (ClientPool.Lease lease = pool.borrow()) {
            assertNotSame(client, lease.client());
            echo(lease.client(), "fresh");
        }
        assertEquals(2, server.accepted());
    }

    @Test
    void returnedDisconnectedClientIsNotPooled() throws Exception {
        ClientTCP client;
        try (ClientPool.Lease lease = pool.borrow()) {
            client = lease.client();
            client.close();
        }
        assertEquals(new PoolStats(0, 0, 0, 0, 1, 1), pool.stats());
        try (ClientPool.Lease lease = pool.borrow()) {
            assertNotSame(client, lease.client());
        }
    }

    @Test
    void idleClientClosedBehindThePoolsBackIsReplacedAtBorrow() throws Exception {
        ClientTCP client;
        try (ClientPool.Lease lease = pool.borrow()) {
            client = lease.client();
        }
        client.close(); // now idle in the pool, but no longer connected
        try (ClientPool.Lease lease = pool.borrow()) {
            assertNotSame(client, lease.client());
            echo(lease.client(), "replaced");
        }
        assertEquals(new PoolStats(1, 1, 0, 0, 2, 1), pool.stats());
    }

    @Test
    void dialFailureIsThrownToTheBorrowerAndFreesTheSlot() throws Exception {
        server.closeListener();
        assertThrows(ConnectException.class, pool::borrow);
        assertThrows(ConnectException.class, pool::borrow);
        assertThrows(ConnectException.class, pool::borrow); // maxSize 2: the slots were freed
        assertEquals(new PoolStats(0, 0, 0, 0, 0, 0), pool.stats());
        server.reopenListener();
        try (ClientPool.Lease lease = pool.borrow()) {
            echo(lease.client(), "up again");
        }
    }

    @Test
    void statsStayConsistentWhileLeasing() throws Exception {
        ClientPool.Lease a = pool.borrow();
        ClientPool.Lease b = pool.borrow();
        assertEquals(new PoolStats(2, 0, 2, 0, 2, 0), pool.stats());
        a.close();
        assertEquals(new PoolStats(2, 1, 1, 0, 2, 0), pool.stats());
        b.invalidate();
        b.close();
        assertEquals(new PoolStats(1, 1, 0, 0, 2, 1), pool.stats());
        assertTrue(until(() -> server.openConnections() == 1));
    }
}
