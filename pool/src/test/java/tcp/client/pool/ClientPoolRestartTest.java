package tcp.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.pool.PoolFixture.WAIT;
import static tcp.client.pool.PoolFixture.echo;

import java.io.IOException;
import java.net.Socket;
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
 * A server restart on the same port while clients sit idle in the pool: the borrow polls the idle
 * client's socket, sees the peer's end, and dials a replacement for the same borrower.
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

    /**
     * Leaves one client idle in the pool and drops its connection on the server side; returns once
     * a sentinel connection dropped in the same sweep has seen its end, so the pooled one's FIN has
     * been sent too.
     */
    private ClientTCP warmAndRestart() throws Exception {
        ClientTCP first;
        try (ClientPool.Lease lease = pool.borrow()) {
            first = lease.client();
            echo(first, "before");
        }
        try (Socket sentinel = new Socket("127.0.0.1", server.port())) {
            assertTrue(server.awaitOpenConnections(2, WAIT));
            server.closeListener();
            assertEquals(2, server.dropConnections());
            server.reopenListener();
            sentinel.setSoTimeout((int) WAIT.toMillis());
            assertEquals(-1, sentinel.getInputStream().read());
        }
        return first;
    }

    @Test
    void droppedIdleClientIsReplacedAtBorrowWithoutAFailedUse() throws Exception {
        pool = ClientPool.builder(new PoolFixture.Factory(server)).checkIdleAfter(Duration.ZERO).build();
        ClientTCP first = warmAndRestart();
        try (ClientPool.Lease lease = pool.borrow()) {
            assertNotSame(first, lease.client(), "the poll at borrow sees the peer's end");
            echo(lease.client(), "after");
        }
        assertFalse(first.isConnected(), "the dead client was closed");
        assertEquals(new PoolStats(1, 1, 0, 0, 2, 1), pool.stats());
    }

    @Test
    void defaultWindowStillPollsAClientIdleThroughARestart() throws Exception {
        pool = ClientPool.builder(new PoolFixture.Factory(server)).build();
        ClientTCP first = warmAndRestart();
        // The rule under test is time: idle longer than the default 1 ms window means polled.
        long idleSince = System.nanoTime();
        assertTrue(PoolFixture.until(() -> System.nanoTime() - idleSince > Duration.ofMillis(2).toNanos()));
        try (ClientPool.Lease lease = pool.borrow()) {
            assertNotSame(first, lease.client());
            echo(lease.client(), "after");
        }
    }

    @Test
    void clientBorrowedWithinTheWindowIsHandedOutOnLocalState() throws Exception {
        pool = ClientPool.builder(new PoolFixture.Factory(server)).checkIdleAfter(Duration.ofHours(1)).build();
        ClientTCP first = warmAndRestart();
        try (ClientPool.Lease lease = pool.borrow()) {
            assertSame(first, lease.client(), "no poll within the window");
            assertTrue(readsEndOrFails(lease.client()));
            lease.invalidate();
        }
        try (ClientPool.Lease lease = pool.borrow()) {
            assertNotSame(first, lease.client());
            echo(lease.client(), "after");
        }
    }

    @Test
    void clientWithReconnectPolicyThatSawTheEndIsNotPooledAgain() throws Exception {
        pool = ClientPool.builder(() -> ClientTCP.builder(server.address())
                .reconnect(ReconnectPolicy.exponential(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .build()).checkIdleAfter(Duration.ofHours(1)).build();
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
