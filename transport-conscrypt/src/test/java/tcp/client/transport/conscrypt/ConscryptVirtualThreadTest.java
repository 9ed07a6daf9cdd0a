package tcp.client.transport.conscrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/**
 * CONFORMANCE CS-165 for this transport: Conscrypt's engine socket blocks inside monitors, which
 * pins a virtual thread's carrier on Java 21 to 23; many clients on virtual threads must still all
 * finish. Virtual threads exist from Java 21, so this needs a Java 21+ test JVM (the build's
 * Java 25 run); on Java 17 JUnit reports it disabled by that condition.
 */
@Timeout(30)
class ConscryptVirtualThreadTest {
    private static final int CLIENTS = 1000;
    private static final int ROUND_TRIPS = 3;

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void thousandVirtualThreadsWithOwnTlsClientsAllFinish() throws Exception {
        ExecutorService virtualThreads = newVirtualThreadPerTaskExecutor();
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            List<Future<Integer>> done = new ArrayList<>(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                String text = "client-" + i;
                done.add(virtualThreads.submit(() -> {
                    try (ClientTCP client = Echo.client(server.address())
                            .tls(Echo.trustingTestRoot().build(), "localhost").build()) {
                        client.connect();
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
