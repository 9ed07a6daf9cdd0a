package tcp.client.api.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The threads of one client waiting in {@code awaitConnected}: created by the first such call, so
 * that a client nobody waits on carries nothing for it.
 */
final class ConnectionWaiters {
    /**
     * Waits until {@code connected} holds, giving up when {@code hopeless} does (nothing will
     * connect the client by itself) or at the deadline. Whoever changes either condition calls
     * {@link #signal()} afterwards.
     *
     * @return true if connected
     */
    synchronized boolean await(BooleanSupplier connected, BooleanSupplier hopeless, long nanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!connected.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || hopeless.getAsBoolean()) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Wakes the waiters to look at the client again. */
    synchronized void signal() {
        notifyAll();
    }
}
