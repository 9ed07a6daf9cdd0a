package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ConnState;

@Timeout(10)
class CallbackDispatcherTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void eventsRunInEmissionOrderOneAtATimeOffTheEmittingThread() throws Exception {
        CallbackDispatcher d = new CallbackDispatcher(pool, "test");
        int n = 2000;
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            d.error(errors -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                seen.add(id);
                threads.add(Thread.currentThread());
                running.decrementAndGet();
                done.countDown();
            }, new RuntimeException("e" + i));
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < n; i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(1, maxRunning.get());
        threads.forEach(t -> assertNotSame(Thread.currentThread(), t));
    }

    @Test
    void aThrowingCallbackDoesNotStopLaterEvents() throws Exception {
        CallbackDispatcher d = new CallbackDispatcher(pool, "test");
        CountDownLatch later = new CountDownLatch(1);
        d.info((l, r, s) -> {
            throw new AssertionError("boom");
        }, A, A, ConnState.NEW);
        d.info((l, r, s) -> {
            throw new IllegalStateException("boom");
        }, A, A, ConnState.READ);
        d.info((l, r, s) -> later.countDown(), A, A, ConnState.CLOSE);
        assertTrue(later.await(5, TimeUnit.SECONDS));
    }

    @Test
    void readAndWriteEventsBeyondTheBoundAreDroppedButLifecycleEventsAreNot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        CallbackDispatcher d = new CallbackDispatcher(pool, "test");
        d.info((l, r, s) -> {
            blocked.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, A, A, ConnState.NEW);
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        int extra = 100;
        for (int i = 0; i < CallbackDispatcher.BOUND + extra; i++) {
            d.info((l, r, s) -> reads.incrementAndGet(), A, A, ConnState.READ);
        }
        CountDownLatch closed = new CountDownLatch(1);
        d.info((l, r, s) -> {
            closes.incrementAndGet();
            closed.countDown();
        }, A, A, ConnState.CLOSE);
        release.countDown();
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals(extra, d.droppedEvents());
        assertEquals(CallbackDispatcher.BOUND, reads.get());
        assertEquals(1, closes.get());
    }
}
