package tcp.client.transport.jdk;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tcp.client.api.ConnState;
import tcp.client.api.FuncError;
import tcp.client.api.FuncInfo;

/** Records a client's callbacks in order, with bounded waits. */
final class Recorder implements FuncInfo, FuncError {
    final List<Object> events = new ArrayList<>();
    final List<Thread> threads = new ArrayList<>();

    @Override
    public synchronized void onInfo(SocketAddress local, SocketAddress remote, ConnState state) {
        events.add(state);
        threads.add(Thread.currentThread());
        notifyAll();
    }

    @Override
    public synchronized void onError(Throwable... errors) {
        events.add(errors[0]);
        threads.add(Thread.currentThread());
        notifyAll();
    }

    synchronized List<Object> snapshot() {
        return List.copyOf(events);
    }

    synchronized boolean await(Predicate<List<Object>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.test(events)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    boolean awaitCount(int n) throws InterruptedException {
        return await(l -> l.size() >= n);
    }
}
