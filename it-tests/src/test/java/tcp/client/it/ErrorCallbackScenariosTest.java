package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.NotConnectedException;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.DeadPort;
import tcp.client.testkit.TestServer;

/** CONFORMANCE.md section I: the error callback, {@code FuncError} (CS-066 to CS-070). */
@Timeout(30)
class ErrorCallbackScenariosTest {
    /** "never" in CONFORMANCE.md: not observed within 300 ms after a barrier. */
    private static final Duration NEVER = Duration.ofMillis(300);

    @TransportTest
    void cs066_connectReadWriteAndOnceFailuresAreEachReportedOnceWithTheThrownInstance(String transport)
            throws Exception {
        DeadPort dead = DeadPort.reserve();
        try (ClientTCP client = Tck.client(transport, dead.address())) {
            EventRecorder rec = EventRecorder.on(client);
            List<Throwable> thrown = new ArrayList<>();

            thrown.add(assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT)));
            thrown.add(assertThrows(NotConnectedException.class, () -> client.read(new byte[8])));
            thrown.add(assertThrows(NotConnectedException.class, () -> client.write("x".getBytes(UTF_8))));
            thrown.add(assertThrows(ConnectException.class,
                    () -> client.once(Tck.CONNECT, new ByteArrayInputStream("x\n".getBytes(UTF_8)), null)));

            assertExactlyReported(rec, thrown);
        }
    }

    @TransportTest
    void cs066_ioFailuresOnALiveConnectionAreEachReportedOnceWithTheThrownInstance(String transport)
            throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.RESETTER);
             ClientTCP client = Tck.client(transport, server.address())) {
            client.connect(Tck.CONNECT);
            EventRecorder rec = EventRecorder.on(client);
            List<Throwable> thrown = new ArrayList<>();

            client.write(new byte[] {1}); // RESETTER reads one byte, then resets
            thrown.add(assertThrows(IOException.class, () -> client.read(new byte[8])));
            // After the reset the socket is dead: a write fails at the latest on the second try.
            IOException writeFailure = null;
            for (int i = 0; i < 5 && writeFailure == null; i++) {
                try {
                    client.write(new byte[] {2});
                } catch (IOException e) {
                    writeFailure = e;
                }
            }
            assertTrue(writeFailure != null, "no write failed after the peer reset");
            thrown.add(writeFailure);

            assertExactlyReported(rec, thrown);
        }
    }

    @TransportTest
    void cs067_anUnregisteredErrorCallbackIsNotCalledAndFailuresStayTheirOwn(String transport) throws Exception {
        DeadPort dead = DeadPort.reserve();
        try (ClientTCP client = Tck.client(transport, dead.address())) {
            EventRecorder errors = new EventRecorder();
            EventRecorder info = new EventRecorder();
            client.registerFuncError(errors);
            client.registerFuncInfo(info);
            client.registerFuncError(null);

            assertThrows(NotConnectedException.class, () -> client.write(new byte[1]));
            assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT));

            // Barrier: the failed connect's DIAL went through the same queue.
            assertTrue(info.awaitState(ConnState.DIAL, EventRecorder.EVENTUALLY), info::sequence);
            assertFalse(errors.awaitCount(1, NEVER), () -> "unregistered callback called: " + errors.sequence());
        }
    }

    @TransportTest
    void cs068_afterReplacingTheErrorCallbackOnlyTheNewOneIsCalled(String transport) throws Exception {
        try (ClientTCP client = Tck.client(transport, DeadPort.reserve().address())) {
            EventRecorder first = new EventRecorder();
            EventRecorder second = new EventRecorder();
            client.registerFuncError(first);
            client.registerFuncError(second);

            NotConnectedException thrown = assertThrows(NotConnectedException.class, () -> client.write(new byte[1]));

            assertTrue(second.awaitErrors(1, EventRecorder.EVENTUALLY), second::sequence);
            assertSame(thrown, second.errors().get(0));
            assertFalse(first.awaitCount(1, NEVER), () -> "replaced callback called: " + first.sequence());
        }
    }

    @TransportTest
    void cs069_fiveFailedWritesGiveFiveCallbacksOfOneExceptionEach(String transport) throws Exception {
        try (ClientTCP client = Tck.client(transport, DeadPort.reserve().address())) {
            EventRecorder rec = EventRecorder.on(client);
            List<Throwable> thrown = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                thrown.add(assertThrows(NotConnectedException.class, () -> client.write("data".getBytes(UTF_8))));
            }
            for (int i = 1; i < 5; i++) {
                assertNotSame(thrown.get(i - 1), thrown.get(i), "each failure is its own exception");
            }
            assertExactlyReported(rec, thrown);
            assertEquals(List.of(), rec.states(), "a failed write emits no WRITE");
        }
    }

    @TransportTest
    void cs070_aFailedConnectGivesDialThenTheErrorAndNeverNew(String transport) throws Exception {
        try (ClientTCP client = Tck.client(transport, DeadPort.reserve().address())) {
            EventRecorder rec = EventRecorder.on(client);

            ConnectException thrown = assertThrows(ConnectException.class, () -> client.connect(Tck.CONNECT));

            assertTrue(rec.awaitCount(2, EventRecorder.EVENTUALLY), rec::sequence);
            assertFalse(rec.awaitState(ConnState.NEW, NEVER), () -> "NEW after a failed connect: " + rec.sequence());
            List<EventRecorder.Event> events = rec.events();
            assertEquals(2, events.size(), rec::sequence);
            assertEquals(ConnState.DIAL, events.get(0).state(), rec::sequence);
            assertSame(thrown, events.get(1).error(), rec::sequence);
        }
    }

    /**
     * Awaits one error callback per thrown exception, checks that they carry those same instances in
     * order, one per call, and that no further error comes.
     */
    private static void assertExactlyReported(EventRecorder rec, List<Throwable> thrown) throws InterruptedException {
        assertTrue(rec.awaitErrors(thrown.size(), EventRecorder.EVENTUALLY), rec::sequence);
        assertFalse(rec.awaitErrors(thrown.size() + 1, NEVER), () -> "more errors than failures: " + rec.sequence());
        List<Throwable> reported = rec.errors();
        for (int i = 0; i < thrown.size(); i++) {
            assertSame(thrown.get(i), reported.get(i), "error " + i + " of " + rec.sequence());
        }
        assertEquals(0, rec.errorArgumentCountViolations(), "each call must carry exactly one error");
    }
}
