package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** Threads only while there is work: the SDK's shared threads end once the last client is closed. */
@Timeout(60)
class ThreadScenariosTest {
    /** The SDK's threads end two or three seconds after their last task; this leaves a margin. */
    private static final Duration THREADS_END_WITHIN = Duration.ofSeconds(10);

    @TransportTest
    void cs175_noSdkThreadOutlivesTheLastClient(String transport) throws Exception {
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Tck.tlsClient(transport, server.address())) {
            CountDownLatch closed = new CountDownLatch(1);
            client.registerFuncInfo((local, remote, state) -> {
                if (state == ConnState.CLOSE) {
                    closed.countDown();
                }
            });
            // Every kind of work that starts a shared thread: an asynchronous connect, its
            // deadline, callbacks, and a close that bounds its close_notify.
            client.connectAsync(Tck.CONNECT).get(Tck.CONNECT.toMillis(), TimeUnit.MILLISECONDS);
            client.write(new byte[] {7});
            assertEquals(7, Tck.readExactly(client, 1)[0]);
            client.close();
            assertTrue(closed.await(5, TimeUnit.SECONDS), "CLOSE was delivered");
            assertTrue(sdkThreads().size() > 0, "the work above ran on SDK threads");
        }
        long deadline = System.nanoTime() + THREADS_END_WITHIN.toNanos();
        for (Thread t : sdkThreads()) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        List<String> alive = sdkThreads().stream().map(t -> t.getName() + " " + t.getState()).toList();
        assertTrue(alive.isEmpty(), () -> transport + ": SDK threads still running " + THREADS_END_WITHIN.toSeconds()
                + " s after the last client closed: " + alive);
    }

    /** The live threads the SDK names {@code tcp-client-...}. */
    private static List<Thread> sdkThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("tcp-client-")) {
                found.add(t);
            }
        }
        return found;
    }
}
