package tcp.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.pool.PoolFixture.WAIT;
import static tcp.client.pool.PoolFixture.echo;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ReconnectPolicy;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/**
 * A server restart on the same port while clients sit idle in the pool. The pool's liveness check
 * is local state only (see {@link ClientPool}): {@code ClientTCP} has no non-blocking way to ask
 * whether the peer closed an idle connection, so today the first use of such a client fails, and
 * the pool replaces it once the borrower invalidates it or the client itself lets go of it.
 */
@Timeout(30)
class ClientPoolRestartTest {
    private TestServer server;
    private ClientPool pool;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.plain(Behaviour.ECHO);
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        server.close();
    }

    private ClientTCP warmAndRestart() throws Exception {
        ClientTCP first;
        try (ClientPool.Lease lease = pool.borrow()) {
            first = lease.client();
            echo(first, "before");
        }
        assertTrue(server.awaitOpenConnections(1, WAIT));
        server.closeListener();
        assertEquals(1, server.dropConnections());
        server.reopenListener();
        return first;
    }

    @Test
    void droppedIdleClientFailsOnFirstUseAndIsReplacedOnceInvalidated() throws Exception {
        pool = ClientPool.builder(new PoolFixture.Factory(server)).build();
        ClientTCP first = warmAndRestart();
        try (ClientPool.Lease lease = pool.borrow()) {
            assertSame(first, lease.client(), "the local check cannot see the peer's FIN");
            assertTrue(readsEndOrFails(lease.client()));
            lease.invalidate();
        }
        try (ClientPool.Lease lease = pool.borrow()) {
            assertNotSame(first, lease.client());
            echo(lease.client(), "after");
        }
        assertEquals(2, server.accepted());
    }

    @Test
    void clientWithReconnectPolicyThatSawTheEndIsNotPooledAgain() throws Exception {
        pool = ClientPool.builder(() -> ClientTCP.builder(server.address())
                .reconnect(ReconnectPolicy.exponential(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .build()).build();
        ClientTCP first = warmAndRestart();
        try (ClientPool.Lease lease = pool.borrow()) {
            assertSame(first, lease.client());
            assertTrue(readsEndOrFails(lease.client()));
            // No invalidate(): the client let go of its connection, which the return check sees.
        }
        assertFalse(first.isConnected());
        assertEquals(0, pool.stats().open());
        try (ClientPool.Lease lease = pool.borrow()) {
            assertNotSame(first, lease.client());
            echo(lease.client(), "after");
        }
    }

    /** Sends a line on a connection the server dropped; true once a read meets its end. */
    private static boolean readsEndOrFails(ClientTCP client) {
        try {
            client.write("ping\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return client.read(new byte[16]) < 0;
        } catch (IOException expected) {
            return true;
        }
    }
}
