package tcp.client.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waiting for a fixture's threads to end when it closes. */
final class Threads {
    private Threads() {
    }

    /**
     * Joins every thread within one shared deadline and removes those that ended.
     *
     * @param threads the fixture's threads; ended ones are removed
     * @param wait how long all the joins may take together
     * @param owner names the fixture in the exceptions
     * @throws IllegalStateException if a thread is still alive after the wait, or on interrupt
     */
    static void awaitEnd(Collection<Thread> threads, Duration wait, String owner) {
        List<String> alive = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        for (Thread thread : List.copyOf(threads)) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while closing " + owner, e);
            }
            if (thread.isAlive()) {
                alive.add(thread.getName());
            } else {
                threads.remove(thread);
            }
        }
        if (!alive.isEmpty()) {
            throw new IllegalStateException(owner + ": threads still alive after " + wait.toSeconds() + " s: " + alive);
        }
    }
}
