package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.FuncError;
import tcp.client.api.NotConnectedException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section K: callbacks that throw, block, re-enter or change under load (CS-080 to CS-085). */
@Timeout(60)
@SuppressWarnings("try") // close() on a try-with-resources client is part of what is tested
class CallbackRobustnessScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms after a barrier. */
    private static final Duration NEVER = Duration.ofMillis(300);

    @TransportTest
    void cs080_anInfoCallbackThatAlwaysThrowsChangesNothing(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = new EventRecorder();
            client.registerFuncInfo((local, remote, state) -> {
                rec.onInfo(local, remote, state);
                throw new IllegalStateException("info callback fails on " + state);
            });

            client.connect(Tck.CONNECT);
            assertTrue(client.isConnected());
            assertEquals(5, client.write(bytes("hello")));
            assertArrayEquals(bytes("hello"), Tck.readExactly(client, 5));
            client.close();
            assertFalse(client.isConnected());
            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertTrue(statesText(rec).matches("DIAL NEW WRITE (READ )+CLOSE"), rec::sequence);

            // Later events are still delivered.
            client.connect(Tck.CONNECT);
            assertTrue(rec.await(l -> l.stream().filter(e -> e.state() == ConnState.NEW).count() == 2,
                    EventRecorder.EVENTUALLY), rec::sequence);
        }
    }

    @TransportTest
    void cs081_anErrorCallbackThatThrowsARuntimeExceptionIsContained(String transport) throws Exception {
        assertThrowingErrorCallbackIsContained(transport, () -> new IllegalStateException("error callback fails"));
    }

    @TransportTest
    void cs081_anErrorCallbackThatThrowsAnErrorIsContained(String transport) throws Exception {
        assertThrowingErrorCallbackIsContained(transport, () -> new AssertionError("error callback fails"));
    }

    @TransportTest
    void cs082_aSlowInfoCallbackDoesNotBlockIo(String transport) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EventRecorder rec = new EventRecorder();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.registerFuncInfo((local, remote, state) -> {
                rec.onInfo(local, remote, state);
                try {
                    // The behaviour under test: a callback that takes 500 ms (until released below).
                    release.await(500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            long start = System.nanoTime();
            client.connect(Tck.CONNECT);
            for (int i = 0; i < 10; i++) {
                byte[] message = bytes("round trip " + i + "\n");
                client.write(message);
                assertArrayEquals(message, Tck.readExactly(client, message.length));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2000, "connect and 10 round trips took " + millis + " ms under a slow callback");
            assertTrue(rec.events().size() < 22,
                    "the I/O outran the callbacks, so some events must still be queued: " + rec.sequence());

            // Only now let the callbacks run at full speed, so the suite need not wait 22 x 500 ms.
            release.countDown();
            client.close();
            assertTrue(rec.awaitState(ConnState.CLOSE, Duration.ofSeconds(5)), rec::sequence);
            assertTrue(statesText(rec).matches("DIAL NEW (WRITE (READ )+){10}CLOSE"),
                    () -> "all events, in order: " + rec.sequence());
        } finally {
            release.countDown();
        }
    }

    @TransportTest
    void cs083_callbacksOfOneClientNeverRunConcurrently(String transport) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        Runnable oneMillisecond = () -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            calls.incrementAndGet();
            try {
                never.await(1, TimeUnit.MILLISECONDS); // the callback's own 1 ms of work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        };
        EventRecorder rec = new EventRecorder();
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.registerFuncInfo((local, remote, state) -> {
                oneMillisecond.run();
                rec.onInfo(local, remote, state);
            });
            client.registerFuncError(errors -> {
                oneMillisecond.run();
                rec.onError(errors);
            });

            client.connect(Tck.CONNECT);
            for (int i = 0; i < 10; i++) {
                client.write(new byte[] {(byte) i});
                assertEquals(1, client.read(new byte[1]));
            }
            client.close();
            assertThrows(NotConnectedException.class, () -> client.write(new byte[1]));

            assertTrue(rec.awaitErrors(1, Duration.ofSeconds(5)), rec::sequence);
            assertEquals(2 + 20 + 1 + 1, calls.get(), rec::sequence);
            assertEquals(1, maxRunning.get(), "callbacks of one client ran concurrently");
        }
    }

    @TransportTest
    void cs084_anErrorCallbackThatClosesTheClientDoesNotDeadlock(String transport) throws Exception {
        CompletableFuture<Void> closedFromCallback = new CompletableFuture<>();
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder info = new EventRecorder();
            client.registerFuncInfo(info);
            client.registerFuncError(errors -> {
                try {
                    client.close();
                    closedFromCallback.complete(null);
                } catch (IOException | RuntimeException e) {
                    closedFromCallback.completeExceptionally(e);
                }
            });
            client.connect(Tck.CONNECT);

            client.write(new byte[] {1}); // RESETTER reads one byte, then resets
            assertThrows(IOException.class, () -> client.read(new byte[8]));

            closedFromCallback.get(2, TimeUnit.SECONDS);
            assertFalse(client.isConnected());
            assertTrue(info.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), info::sequence);
        }
    }

    @TransportTest
    void cs084_anInfoCallbackThatCallsIsConnectedDoesNotDeadlock(String transport) throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder rec = new EventRecorder();
            AtomicInteger asked = new AtomicInteger();
            client.registerFuncInfo((local, remote, state) -> {
                client.isConnected();
                asked.incrementAndGet();
                rec.onInfo(local, remote, state);
            });

            client.connect(Tck.CONNECT);
            client.write(new byte[] {1});
            assertEquals(1, client.read(new byte[1]));
            client.close();

            assertTrue(rec.awaitState(ConnState.CLOSE, EventRecorder.EVENTUALLY), rec::sequence);
            assertEquals(5, asked.get());
        }
    }

    @TransportTest
    void cs085_togglingRegistrationsUnderLoadRaisesNothingAndTheLastOneWins(String transport) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestServer server = TestServer.plain(Behaviour.ECHO);
             ClientTCP client = Tck.client(transport, server.address())) {
            EventRecorder a = new EventRecorder();
            EventRecorder b = new EventRecorder();
            client.registerFuncInfo(a);
            client.registerFuncError(a);
            client.connect(Tck.CONNECT);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean echoesDone = new AtomicBoolean();

            Future<Integer> toggler = pool.submit(() -> {
                start.await();
                // At least 1000 toggles, and on until the echoes are done, so that the two overlap.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                int i = 0;
                for (; (i < 1000 || !echoesDone.get()) && i < 10_000_000 && System.nanoTime() < deadline; i++) {
                    EventRecorder r = i % 2 == 0 ? a : b;
                    client.registerFuncInfo(r);
                    client.registerFuncError(r);
                    client.registerFuncInfo(null);
                    client.registerFuncError(null);
                    client.registerFuncInfo(r);
                    client.registerFuncError(r);
                }
                return i;
            });
            Future<?> echoes = pool.submit(() -> {
                start.await();
                try {
                    for (int i = 0; i < 100; i++) {
                        byte[] message = bytes("echo " + i + "\n");
                        client.write(message);
                        assertArrayEquals(message, Tck.readExactly(client, message.length));
                    }
                } finally {
                    echoesDone.set(true);
                }
                return null;
            });
            start.countDown();
            echoes.get(20, TimeUnit.SECONDS);
            assertTrue(toggler.get(25, TimeUnit.SECONDS) >= 1000, "toggled fewer than 1000 times");

            // From now on only c may see anything. The echoes emitted no CLOSE and no error, so
            // any CLOSE or error at a or b would have been delivered to a replaced callback.
            EventRecorder c = EventRecorder.on(client);
            client.close();
            NotConnectedException late = assertThrows(NotConnectedException.class, () -> client.write(new byte[1]));
            assertTrue(c.awaitErrors(1, EventRecorder.EVENTUALLY), c::sequence);
            assertEquals(List.of(ConnState.CLOSE), c.states());
            assertSame(late, c.errors().get(0));
            for (EventRecorder old : List.of(a, b)) {
                assertFalse(old.await(l -> l.stream().anyMatch(e -> e.isError() || e.state() == ConnState.CLOSE),
                        NEVER), () -> "a replaced callback got a later event: " + old.sequence());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** CS-081 for an error callback that throws what {@code failure} makes. */
    private static void assertThrowingErrorCallbackIsContained(String transport, Supplier<Throwable> failure)
            throws Exception {
        try (ClientTCP client = Tck.client(transport, DeadPort.reserve().address())) {
            EventRecorder rec = new EventRecorder();
            FuncError throwing = errors -> {
                rec.onError(errors);
                Throwable t = failure.get();
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            };
            client.registerFuncError(throwing);

            NotConnectedException first = assertThrows(NotConnectedException.class, () -> client.write(new byte[1]));
            NotConnectedException second = assertThrows(NotConnectedException.class, () -> client.read(new byte[1]));

            assertTrue(rec.awaitErrors(2, EventRecorder.EVENTUALLY), rec::sequence);
            assertSame(first, rec.errors().get(0));
            assertSame(second, rec.errors().get(1));
            // Info callbacks of the same client keep working after the failures.
            EventRecorder info = new EventRecorder();
            client.registerFuncInfo(info);
            IOException third = assertThrows(IOException.class, () -> client.connect(Tck.CONNECT));
            assertTrue(info.awaitState(ConnState.DIAL, EventRecorder.EVENTUALLY), info::sequence);
            assertTrue(rec.awaitErrors(3, EventRecorder.EVENTUALLY), rec::sequence);
            assertSame(third, rec.errors().get(2));
        }
    }

    private static String statesText(EventRecorder rec) {
        return rec.states().stream().map(Enum::name).collect(Collectors.joining(" "));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
