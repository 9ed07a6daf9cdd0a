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

    @Test
    void readAndWriteEventsArriveWithoutALaterEventToCarryThem() throws Exception {
        CallbackDispatcher d = new CallbackDispatcher(pool, "test");
        CountDownLatch delivered = new CountDownLatch(2);
        List<ConnState> seen = Collections.synchronizedList(new ArrayList<>());
        FuncInfoRecorder recorder = (l, r, s) -> {
            seen.add(s);
            delivered.countDown();
        };
        d.info(recorder, A, A, ConnState.WRITE);
        d.info(recorder, A, A, ConnState.READ);
        assertTrue(delivered.await(5, TimeUnit.SECONDS), "deferred events were never delivered");
        assertEquals(List.of(ConnState.WRITE, ConnState.READ), seen);
    }

    @Test
    void manyClientsMixingDeferredAndImmediateEventsSeeEachOfTheirsInOrder() throws Exception {
        int clients = 40;
        int events = 500;
        ConnState[] cycle = {ConnState.WRITE, ConnState.READ, ConnState.READ, ConnState.NEW, ConnState.WRITE, ConnState.CLOSE_WRITE};
        List<List<Integer>> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients * events);
        ExecutorService emitters = Executors.newFixedThreadPool(4);
        try {
            for (int c = 0; c < clients; c++) {
                List<Integer> mine = Collections.synchronizedList(new ArrayList<>());
                seen.add(mine);
                CallbackDispatcher d = new CallbackDispatcher(c % 2 == 0 ? pool : null, "client " + c);
                emitters.execute(() -> {
                    for (int i = 0; i < events; i++) {
                        int id = i;
                        if (i % 97 == 0) {
                            d.error(errors -> {
                                mine.add(id);
                                done.countDown();
                            }, new RuntimeException("e" + i));
                        } else {
                            d.info((l, r, s) -> {
                                mine.add(id);
                                done.countDown();
                            }, A, A, cycle[i % cycle.length]);
                        }
                    }
                });
            }
            assertTrue(done.await(8, TimeUnit.SECONDS), () -> done.getCount() + " events never delivered");
        } finally {
            emitters.shutdownNow();
        }
        for (List<Integer> mine : seen) {
            assertEquals(events, mine.size());
            for (int i = 0; i < events; i++) {
                assertEquals(i, mine.get(i));
            }
        }
    }

    @Test
    void eventsARefusedTaskLeftBehindRunWithTheNextEvent() throws Exception {
        AtomicInteger refusals = new AtomicInteger(1);
        java.util.concurrent.Executor flaky = task -> {
            if (refusals.getAndDecrement() > 0) {
                throw new java.util.concurrent.RejectedExecutionException("full");
            }
            pool.execute(task);
        };
        CallbackDispatcher d = new CallbackDispatcher(flaky, "test");
        List<ConnState> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch both = new CountDownLatch(2);
        FuncInfoRecorder recorder = (l, r, s) -> {
            seen.add(s);
            both.countDown();
        };
        d.info(recorder, A, A, ConnState.NEW);
        d.info(recorder, A, A, ConnState.CLOSE);
        assertTrue(both.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(ConnState.NEW, ConnState.CLOSE), seen);
    }

    @Test
    void deferredEventsSurviveAnExecutorThatThrowsAndOneThatRunsTasksInline() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        java.util.concurrent.Executor broken = task -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("executor broken once");
            }
            task.run();
        };
        CallbackDispatcher a = new CallbackDispatcher(broken, "broken");
        CallbackDispatcher b = new CallbackDispatcher(Runnable::run, "inline");
        CountDownLatch first = new CountDownLatch(1);
        a.info((l, r, s) -> first.countDown(), A, A, ConnState.READ);
        b.info((l, r, s) -> first.countDown(), A, A, ConnState.READ);
        assertTrue(first.await(5, TimeUnit.SECONDS), "the inline executor's event never arrived");
        // The tick that met the throwing executor must go on ticking for later events.
        CountDownLatch later = new CountDownLatch(2);
        a.info((l, r, s) -> later.countDown(), A, A, ConnState.WRITE);
        b.info((l, r, s) -> later.countDown(), A, A, ConnState.WRITE);
        assertTrue(later.await(5, TimeUnit.SECONDS), () -> later.getCount() + " later events never arrived");
    }

    /** A FuncInfo under a shorter name. */
    private interface FuncInfoRecorder extends tcp.client.api.FuncInfo {
    }
}
