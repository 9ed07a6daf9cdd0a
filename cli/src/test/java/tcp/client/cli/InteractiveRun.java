package tcp.client.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One in-process run of {@code tcpc} on a background thread, with a stdin the test types into as it
 * goes and stdout and stderr it can wait on: for sessions that outlive one exchange.
 */
final class InteractiveRun implements AutoCloseable {
    private final Keyboard stdin = new Keyboard();
    private final Captured out = new Captured();
    private final Captured err = new Captured();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();

    private InteractiveRun(String... args) {
        Thread runner = new Thread(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                status.complete(Main.run(new Stdio(stdin, o, e, false), args));
            } catch (Throwable t) {
                status.completeExceptionally(t);
            }
        }, "test-tcpc");
        runner.setDaemon(true);
        runner.start();
    }

    static InteractiveRun start(String... args) {
        return new InteractiveRun(args);
    }

    /** Types {@code text} on stdin: the command reads it as one chunk. */
    void type(String text) {
        stdin.type(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends stdin. */
    void endInput() {
        stdin.end();
    }

    String out() {
        return out.text();
    }

    String err() {
        return err.text();
    }

    /** Waits until stdout satisfies {@code condition}; false at the timeout. */
    boolean awaitOut(Predicate<String> condition, Duration timeout) throws InterruptedException {
        return out.await(condition, timeout);
    }

    /** Waits until stderr satisfies {@code condition}; false at the timeout. */
    boolean awaitErr(Predicate<String> condition, Duration timeout) throws InterruptedException {
        return err.await(condition, timeout);
    }

    /**
     * Waits for the command to end.
     *
     * @return its exit status
     * @throws TimeoutException if it is still running after {@code timeout}
     */
    int awaitStatus(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isRunning() {
        return !status.isDone();
    }

    /** Ends stdin, which lets the command's stdin thread go. */
    @Override
    public void close() {
        stdin.end();
    }

    @Override
    public String toString() {
        return "status " + (status.isDone() ? status.getNow(null) : "(running)") + "\n--- stdout\n" + out.text()
                + "--- stderr\n" + err.text();
    }

    /** A stdin fed by the test: each {@link #type} is returned by one read, then the end of stream. */
    private static final class Keyboard extends InputStream {
        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> typed = new LinkedBlockingQueue<>();
        private byte[] current;
        private int at;
        private boolean ended;

        void type(byte[] text) {
            typed.add(text.clone());
        }

        void end() {
            typed.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (ended) {
                return -1;
            }
            if (current == null || at == current.length) {
                try {
                    current = typed.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for typed input");
                }
                at = 0;
                if (current == END) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** An output stream whose text can be waited on. */
    private static final class Captured extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean await(Predicate<String> condition, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.test(text())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }
}
