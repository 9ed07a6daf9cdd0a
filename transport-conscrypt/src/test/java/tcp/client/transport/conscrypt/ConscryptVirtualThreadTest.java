package tcp.client.transport.conscrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/**
 * CONFORMANCE CS-165 for this transport: Conscrypt's engine socket blocks inside monitors, which
 * pins a virtual thread's carrier on Java 21 to 23; hundreds of clients on virtual threads (far
 * more than carriers), all connected and reading at once, must still all finish. The suite's
 * CS-165 runs 1,000; this runs fewer because the test server's SunJSSE handshakes dominate the
 * time on a small machine, and the class must stay within its 30 s. Virtual threads exist from Java 21, so this
 * needs a Java 21+ test JVM (the build's Java 25 run); on Java 17 JUnit reports it disabled by
 * that condition.
 */
@Timeout(30)
class ConscryptVirtualThreadTest {
    private static final int CLIENTS = 400;
    private static final int ROUND_TRIPS = 3;
    /** Below the test server's listen backlog (128), so no SYN is dropped and retried. */
    private static final int CONCURRENT_CONNECTS = 100;

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void hundredsOfVirtualThreadsWithOwnTlsClientsAllFinish() throws Exception {
        ExecutorService virtualThreads = newVirtualThreadPerTaskExecutor();
        Semaphore connects = new Semaphore(CONCURRENT_CONNECTS);
        CountDownLatch allConnected = new CountDownLatch(CLIENTS);
        // One instance for all: the prepared SSLContext is cached per TlsConfig instance.
        TlsConfig tls = Echo.trustingTestRoot().build();
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            List<Future<Integer>> done = new ArrayList<>(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                String text = "client-" + i;
                done.add(virtualThreads.submit(() -> {
                    try (ClientTCP client = Echo.client(server.address()).tls(tls, "localhost").build()) {
                        connects.acquire();
                        try {
                            client.connect();
                        } finally {
                            connects.release();
                            allConnected.countDown();
                        }
                        // Every client holds its connection until all are up: then all read at once.
                        assertTrue(allConnected.await(25, TimeUnit.SECONDS));
                        for (int k = 0; k < ROUND_TRIPS; k++) {
                            assertEquals(text, Echo.roundTrip(client, text));
                        }
                        return ROUND_TRIPS;
                    }
                }));
            }
            // One deadline for all: a pinned-carrier deadlock shows as a timeout here.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            assertEquals(CLIENTS * ROUND_TRIPS, total);
        } finally {
            virtualThreads.shutdownNow();
        }
        assertTrue(virtualThreads.awaitTermination(5, TimeUnit.SECONDS));
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, which this Java 17 build cannot name. */
    private static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
