package tcp.client.it;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tcp.client.api.ConnState;
import tcp.client.api.FuncError;
import tcp.client.api.FuncInfo;

/**
 * REC of CONFORMANCE.md: a thread-safe recorder of one client's callbacks, with bounded waits.
 */
public final class EventRecorder implements FuncInfo, FuncError {
    /** "eventually" in CONFORMANCE.md. */
    public static final Duration EVENTUALLY = Duration.ofSeconds(2);

    /** One callback: a state (with addresses) or an error, and the thread that ran it. */
    public record Event(ConnState state, SocketAddress local, SocketAddress remote, Throwable error, Thread thread) {
        /** Whether this is an error event. */
        public boolean isError() {
            return error != null;
        }

        @Override
        public String toString() {
            return isError() ? "ERROR(" + error + ")" : state.name();
        }
    }

    private final List<Event> events = new ArrayList<>();
    private int errorArgumentCountViolations;

    /** Attaches a new recorder to both callbacks of a client. */
    public static EventRecorder on(tcp.client.api.ClientTCP client) {
        EventRecorder r = new EventRecorder();
        client.registerFuncInfo(r);
        client.registerFuncError(r);
        return r;
    }

    @Override
    public synchronized void onInfo(SocketAddress local, SocketAddress remote, ConnState state) {
        events.add(new Event(state, local, remote, null, Thread.currentThread()));
        notifyAll();
    }

    @Override
    public synchronized void onError(Throwable... errors) {
        if (errors == null || errors.length != 1 || errors[0] == null) {
            errorArgumentCountViolations++;
        }
        events.add(new Event(null, null, null, errors == null || errors.length == 0 ? null : errors[0],
                Thread.currentThread()));
        notifyAll();
    }

    /** A copy of every event so far. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The states so far, errors shown as null entries removed. */
    public synchronized List<ConnState> states() {
        return events.stream().filter(e -> !e.isError()).map(Event::state).toList();
    }

    /** The errors so far. */
    public synchronized List<Throwable> errors() {
        return events.stream().filter(Event::isError).map(Event::error).toList();
    }

    /** How many error callbacks did not carry exactly one non-null error (must stay 0). */
    public synchronized int errorArgumentCountViolations() {
        return errorArgumentCountViolations;
    }

    /** Compact text of the sequence, e.g. {@code [DIAL, NEW, ERROR(...)]}. */
    public synchronized String sequence() {
        return events.toString();
    }

    /**
     * Waits until the recorded events satisfy {@code condition}, at most {@code max}.
     *
     * @return whether they did
     */
    public synchronized boolean await(Predicate<List<Event>> condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.test(events)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Waits until at least {@code n} events were recorded. */
    public boolean awaitCount(int n, Duration max) throws InterruptedException {
        return await(list -> list.size() >= n, max);
    }

    /** Waits until a state was recorded. */
    public boolean awaitState(ConnState state, Duration max) throws InterruptedException {
        return await(list -> list.stream().anyMatch(e -> e.state() == state), max);
    }

    /** Waits until {@code n} errors were recorded. */
    public boolean awaitErrors(int n, Duration max) throws InterruptedException {
        return await(list -> list.stream().filter(Event::isError).count() >= n, max);
    }
}
