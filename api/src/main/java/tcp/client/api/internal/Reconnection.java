package tcp.client.api.internal;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import tcp.client.api.ReconnectFailedException;
import tcp.client.api.ReconnectPolicy;

/**
 * One outage of a client with a reconnect policy: the delays and attempts from the connection's
 * end until a new one is up, the client gives up, or the application stops it.
 *
 * <p>Delays are timer entries ({@link Watchdog#schedule}), so an outage holds no thread while it
 * waits; each attempt runs on the connector pool. Attempts are sequential: the next is scheduled
 * only when one has failed. {@link #stop()} cancels the pending delay, or aborts the attempt under
 * way, at once.
 */
final class Reconnection {
    /** What the client does for its outage. */
    interface Client {
        /**
         * Dials once, within the client's connect budget, reporting a failure to the error callback;
         * installs the connection unless {@code outage} was stopped meanwhile.
         */
        void redial(ConnectAttempt attempt, Reconnection outage) throws IOException;

        /** The budget of one attempt. */
        ConnectAttempt.Budget budget();

        /** Reports the give-up to the error callback and ends the outage. */
        void gaveUp(Reconnection outage, ReconnectFailedException e);
    }

    private final Client client;
    private final ReconnectPolicy policy;
    private final String target;
    private final Executor executor;
    /** Consecutive failed attempts; touched by one attempt at a time. */
    private int failures;
    private boolean stopped;
    private ScheduledFuture<?> delay;
    /** The delay before the attempt scheduled last. */
    private long delayNanos;
    private ConnectAttempt attempt;

    Reconnection(Client client, ReconnectPolicy policy, String target, Executor executor) {
        this.client = client;
        this.policy = policy;
        this.target = target;
        this.executor = executor;
    }

    /** Schedules the first attempt after the policy's first delay. */
    void start() {
        schedule();
    }

    /** Stops the outage: no further attempt, the pending delay cancelled, an attempt under way aborted. */
    void stop() {
        ConnectAttempt running;
        synchronized (this) {
            stopped = true;
            if (delay != null) {
                delay.cancel(false);
            }
            running = attempt;
        }
        if (running != null) {
            running.cancel();
        }
    }

    synchronized boolean isStopped() {
        return stopped;
    }

    /** The delay before the next attempt: the policy's, spread by its jitter. */
    static long jitteredNanos(ReconnectPolicy policy, int attempt) {
        long nominal = policy.nominalDelay(attempt).toNanos();
        double spread = policy.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(0, Math.round(nominal * (1 + spread)));
    }

    private void schedule() {
        long nanos = jitteredNanos(policy, failures + 1);
        synchronized (this) {
            if (!stopped) {
                delayNanos = nanos;
                delay = Watchdog.schedule(() -> executor.execute(this::attempt), nanos);
            }
        }
    }

    private void attempt() {
        ConnectAttempt a;
        long waited;
        synchronized (this) {
            if (stopped) {
                return;
            }
            a = ConnectAttempt.begin(target, client.budget());
            attempt = a;
            waited = delayNanos;
        }
        ReconnectEvent event = new ReconnectEvent();
        event.begin();
        try {
            client.redial(a, this);
            attemptEnded(event, waited, null);
        } catch (IOException | RuntimeException e) {
            attemptEnded(event, waited, e);
            synchronized (this) {
                attempt = null;
                if (stopped) {
                    return;
                }
            }
            failures++;
            if (policy.maxAttempts() > 0 && failures >= policy.maxAttempts()) {
                client.gaveUp(this, new ReconnectFailedException(target, failures, e));
            } else {
                schedule();
            }
        }
    }

    private void attemptEnded(ReconnectEvent event, long waited, Exception failure) {
        event.end();
        if (event.shouldCommit()) {
            event.address = target;
            event.attempt = failures + 1;
            event.delay = waited;
            event.outcome = failure == null ? "ok" : failure.getClass().getName();
            event.commit();
        }
    }

    @Override
    public String toString() {
        return "Reconnection[" + target + ", " + failures + " failed, policy " + policy + "]";
    }
}
