package tcp.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.pool.PoolFixture.echo;
import static tcp.client.pool.PoolFixture.until;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** Many borrowers at once: the bound, exclusivity, first-come-first-served, the borrow timeout. */
@Timeout(60)
class ClientPoolConcurrencyTest {

    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {true, false})
    void thirtyTwoThreadsNeverShareAClientOrExceedMaxSize(boolean fair) throws Exception {
        int threads = 32;
        int rounds = 200;
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
                ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).maxSize(4).fair(fair).build()) {
            Set<ClientTCP> inUse = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
            AtomicInteger shared = new AtomicInteger();
            AtomicInteger maxOpen = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    done.add(executor.submit(() -> {
                        go.await();
                        for (int i = 0; i < rounds; i++) {
                            try (ClientPool.Lease lease = pool.borrow()) {
                                ClientTCP c = lease.client();
                                if (!inUse.add(c)) {
                                    shared.incrementAndGet();
                                }
                                maxOpen.accumulateAndGet(server.openConnections(), Math::max);
                                PoolStats s = pool.stats();
                                assertTrue(s.open() <= 4 && s.open() == s.idle() + s.leased(), s.toString());
                                if (i % 20 == 0) {
                                    echo(c, "t" + id + " r" + i);
                                }
                                inUse.remove(c);
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(50, TimeUnit.SECONDS);
                }
            } finally {
                executor.shutdownNow();
            }
            assertEquals(0, shared.get(), "a client was lent to two borrowers at once");
            assertTrue(maxOpen.get() <= 4, "server saw " + maxOpen.get() + " open connections");
            assertTrue(server.accepted() <= 4, "accepted " + server.accepted());
            PoolStats s = pool.stats();
            assertEquals(0, s.leased());
            assertEquals(0, s.waiting());
            assertTrue(s.open() <= 4 && s.created() <= 4, s.toString());
        }
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
                ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).maxSize(1).build()) {
            ClientPool.Lease held = pool.borrow();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            ExecutorService executor = Executors.newFixedThreadPool(5);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int id = i;
                    done.add(executor.submit(() -> {
                        try (ClientPool.Lease lease = pool.borrow()) {
                            assertTrue(lease.client().isConnected());
                            order.add(id);
                        }
                        return null;
                    }));
                    // The next borrower starts only once this one is in line.
                    int waiting = i + 1;
                    assertTrue(until(() -> pool.stats().waiting() == waiting), pool.stats().toString());
                }
                held.close();
                for (Future<?> f : done) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                executor.shutdownNow();
            }
            assertEquals(List.of(0, 1, 2, 3, 4), order);
            assertTrue(server.awaitAccepted(1, PoolFixture.WAIT));
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void freedSlotGoesToTheWaiterBeforeANewcomer() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
                ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).maxSize(1).build()) {
            ClientPool.Lease held = pool.borrow();
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                CountDownLatch served = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Future<?> waiter = executor.submit(() -> {
                    try (ClientPool.Lease lease = pool.borrow()) {
                        assertTrue(lease.client().isConnected());
                        served.countDown();
                        release.await();
                    }
                    return null;
                });
                assertTrue(until(() -> pool.stats().waiting() == 1));
                held.invalidate();
                held.close(); // frees the slot: the waiter dials in it
                assertTrue(served.await(10, TimeUnit.SECONDS));
                release.countDown();
                waiter.get(10, TimeUnit.SECONDS);
                assertTrue(server.awaitAccepted(2, PoolFixture.WAIT));
                assertEquals(2, server.accepted());
            } finally {
                executor.shutdownNow();
            }
        }
    }

    @Test
    void borrowTimeoutThrowsPoolTimeoutExceptionNamingTimeoutAndStats() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
                ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).maxSize(1)
                        .borrowTimeout(Duration.ofMillis(200)).build();
                ClientPool.Lease held = pool.borrow()) {
            long start = System.nanoTime();
            PoolTimeoutException e = assertThrows(PoolTimeoutException.class, pool::borrow);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMs >= 190 && elapsedMs < 5_000, "timed out after " + elapsedMs + " ms");
            assertTrue(e.getMessage().contains("PT0.2S"), e.getMessage());
            assertTrue(e.getMessage().contains("PoolStats[open=1, idle=0, leased=1"), e.getMessage());
            assertEquals(0, pool.stats().waiting());
            assertTrue(held.client().isConnected());
        }
    }

    @Test
    void interruptedWaiterGetsInterruptedIoExceptionAndLeavesTheLine() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
                ClientPool pool = ClientPool.builder(new PoolFixture.Factory(server)).maxSize(1).build();
                ClientPool.Lease held = pool.borrow()) {
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> waiter = executor.submit(() -> {
                    java.io.InterruptedIOException e = assertThrows(java.io.InterruptedIOException.class, pool::borrow);
                    return Thread.currentThread().isInterrupted() && e.getCause() instanceof InterruptedException;
                });
                assertTrue(until(() -> pool.stats().waiting() == 1));
                executor.shutdownNow(); // interrupts the waiter
                assertTrue(waiter.get(10, TimeUnit.SECONDS));
                assertEquals(0, pool.stats().waiting());
                assertTrue(held.client().isConnected());
            } finally {
                executor.shutdownNow();
            }
        }
    }
}
