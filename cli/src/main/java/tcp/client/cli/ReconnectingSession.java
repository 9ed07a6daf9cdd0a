package tcp.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.api.NotConnectedException;
import tcp.client.api.ReconnectFailedException;

/**
 * The exchange of {@code tcpc connect --reconnect}: stdin to the server and the server to stdout,
 * across the outages that the client's reconnect policy bridges.
 *
 * <p>What the user sees on stderr: {@code tcpc: connection to HOST:PORT lost (REASON); reconnecting...}
 * when a connection ends, {@code tcpc: reconnected to HOST:PORT (attempt N)} when a new one is up,
 * and, when the policy gives up, {@code tcpc: gave up reconnecting to ...} with exit status 3.
 *
 * <p>What happens to stdin: a chunk read from stdin (a line, on a terminal) while there is no
 * connection waits for the reconnection and is then sent, once; if the client gives up first, the
 * give-up message says how many bytes were not sent. A chunk whose write fails part-way, because the
 * connection broke under it, is not sent again (some of it may have arrived): stderr says so. What
 * TCP accepted before tcpc saw the connection end (written into a socket that the server had
 * already left) is lost with the connection, silently: TCP gives the sender no way to know.
 *
 * <p>Once stdin has ended, the end of the connection ends the command, as without
 * {@code --reconnect}: the server's answer to the half-close is its end of stream.
 */
final class ReconnectingSession {
    /** How long one wait for a connection lasts before the session's own state is looked at again. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long to wait for the give-up callback once the client says it will not connect by itself. */
    private static final long GIVE_UP_POLL_MILLIS = 100;

    private final ClientTCP client;
    private final Stdio io;
    private final String address;
    private final boolean verbose;
    /** The reconnection's give-up, from the error callback. */
    private final CompletableFuture<ReconnectFailedException> gaveUp = new CompletableFuture<>();
    /** A failure of stdin (or of the half-close) that ended the session; the reading thread throws it. */
    private final AtomicReference<CliFailure> sendFailure = new AtomicReference<>();
    /** Bytes read from stdin and not yet written: what a give-up leaves unsent. */
    private final AtomicInteger unsent = new AtomicInteger();
    /** Set when the session ends by this side's doing: nothing more is reported or waited for. */
    private volatile boolean closing;
    /** stdin has ended: all of it was written; the half-close follows. */
    private volatile boolean inputEnded;
    /** The half-close was done (or the transport cannot half-close, and reading goes on). */
    private volatile boolean halfClosed;
    /** Callback state (the callbacks run one at a time): an outage is under way, its attempts so far. */
    private volatile boolean outage;
    private volatile int attempts;

    ReconnectingSession(ClientTCP client, Stdio io, String address, boolean verbose) {
        this.client = client;
        this.io = io;
        this.address = address;
        this.verbose = verbose;
    }

    /**
     * Runs the exchange on the connected client until the server ends it after stdin has ended, the
     * reconnection gives up, or a stream fails.
     *
     * @return the exit code
     * @throws CliFailure for a give-up (status 3) or a failure of the standard streams or I/O (4)
     */
    int run() {
        client.registerFuncInfo(this::onInfo);
        client.registerFuncError(this::onError);
        // stdin cannot be interrupted, so it is pumped on a daemon thread that the end of the
        // session leaves behind, as nc does.
        Thread sender = new Thread(this::pump, "tcpc-stdin");
        sender.setDaemon(true);
        sender.start();
        try {
            return receive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.FAILURE, "interrupted while waiting to reconnect to " + address, e);
        } finally {
            closing = true;
        }
    }

    private int receive() throws InterruptedException {
        byte[] buffer = new byte[ClientCommand.BUFFER];
        PrintStream out = io.out();
        while (true) {
            int n;
            IOException failure = null;
            try {
                n = client.read(buffer);
            } catch (IOException e) {
                n = -1;
                failure = e;
            }
            if (n >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                if (out.checkError()) {
                    throw new CliFailure(ExitCode.IO, "writing stdout failed; closing the connection to " + address);
                }
                continue;
            }
            CliFailure first = sendFailure.get();
            if (first != null) {
                throw first;
            }
            if (failure instanceof NotConnectedException) {
                // The connection ended under a write, or while stdout was being written.
                if (halfClosed) {
                    return ExitCode.OK;
                }
            } else if (failure instanceof SocketTimeoutException || (failure != null && inputEnded)) {
                // A read timeout does not end the connection, and is the user's limit: as without --reconnect.
                throw new CliFailure(ExitCode.IO, "reading from " + address + " failed: "
                        + FailureMessages.describe(failure), failure);
            } else if (inputEnded) {
                return ExitCode.OK;
            }
            if (!awaitConnection()) {
                first = sendFailure.get();
                throw first != null ? first : gaveUpFailure();
            }
        }
    }

    /** stdin to the server, each chunk once, waiting out the outages. */
    private void pump() {
        byte[] buffer = new byte[ClientCommand.BUFFER];
        InputStream in = io.in();
        try {
            while (true) {
                int n;
                try {
                    n = ClientCommand.readStdin(in, buffer);
                } catch (CliFailure e) {
                    fail(e);
                    return;
                }
                if (n < 0) {
                    break;
                }
                unsent.set(n);
                if (!send(buffer, n)) {
                    return;
                }
                unsent.set(0);
            }
            inputEnded = true;
            halfClose();
        } catch (InterruptedException e) {
            // Only the JVM's end interrupts this daemon thread.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes one chunk of stdin: on the current connection, or on the next one when there is none.
     *
     * @return false when the session ended before the chunk could be written
     */
    private boolean send(byte[] b, int n) throws InterruptedException {
        while (awaitConnection()) {
            try {
                client.write(b, 0, n);
                return true;
            } catch (NotConnectedException e) {
                // The connection went before this write began: nothing of it was sent; the next one takes it.
            } catch (IOException e) {
                if (closing) {
                    return false;
                }
                // Part of it may have arrived: sending it again could duplicate it, so it is not.
                message("connection to " + address + " lost while sending " + n + (n == 1 ? " byte" : " bytes")
                        + " from stdin (" + FailureMessages.describe(e) + "); some may not have arrived,"
                        + " and they are not sent again");
                return true;
            }
        }
        return false;
    }

    /** At the end of stdin: half-closes the connection, or the next one when there is none. */
    private void halfClose() throws InterruptedException {
        while (awaitConnection()) {
            try {
                client.shutdownOutput();
                halfClosed = true;
                return;
            } catch (NotConnectedException e) {
                // Lost before the half-close: it goes to the next connection.
            } catch (UnsupportedOperationException e) {
                halfClosed = true;
                io.err().println("* " + FailureMessages.oneLine(e.getMessage())
                        + "; end of stdin: reading on until the server closes");
                return;
            } catch (IOException e) {
                if (!closing) {
                    fail(new CliFailure(ExitCode.IO, "writing to " + address + " failed: "
                            + FailureMessages.describe(e), e));
                }
                return;
            }
        }
    }

    /**
     * Waits until the client holds a connection.
     *
     * @return true when it does; false when the session is over: the reconnection gave up, or this
     *     side is closing
     */
    private boolean awaitConnection() throws InterruptedException {
        while (!closing) {
            if (client.awaitConnected(POLL)) {
                return true;
            }
            if (gaveUp.isDone()) {
                return false;
            }
            // The client may have given up a moment before its error callback ran.
            try {
                gaveUp.get(GIVE_UP_POLL_MILLIS, TimeUnit.MILLISECONDS);
                return false;
            } catch (TimeoutException e) {
                // Still trying: wait on.
            } catch (ExecutionException e) {
                throw new IllegalStateException("the give-up future never completes exceptionally", e);
            }
        }
        return false;
    }

    /** Ends the session from the stdin thread: the reading thread then throws {@code failure}. */
    private void fail(CliFailure failure) {
        sendFailure.compareAndSet(null, failure);
        closing = true;
        try {
            client.close();
        } catch (IOException e) {
            io.err().println("* closing the connection failed: " + FailureMessages.describe(e));
        }
    }

    private CliFailure gaveUpFailure() {
        ReconnectFailedException e = gaveUp.getNow(null);
        StringBuilder m = new StringBuilder("gave up reconnecting to ").append(address);
        if (e != null) {
            m.append(" after ").append(e.attempts()).append(e.attempts() == 1 ? " attempt" : " attempts");
            Throwable last = e.getCause() != null ? e.getCause() : e;
            m.append(": ").append(FailureMessages.describe(last));
        }
        int pending = unsent.get();
        if (pending > 0) {
            m.append("; ").append(pending).append(pending == 1 ? " byte" : " bytes")
                    .append(" read from stdin not sent");
        }
        return new CliFailure(ExitCode.CONNECT, m.toString(), e);
    }

    private void onInfo(SocketAddress local, SocketAddress remote, ConnState state) {
        if (closing) {
            return;
        }
        switch (state) {
            case CLOSE -> {
                // Once stdin has ended, the end of the connection is the end of the session, not an outage.
                if (!outage && !inputEnded) {
                    outage = true;
                    attempts = 0;
                    String reason = client.closeReason().map(r -> " (" + r + ")").orElse("");
                    message("connection to " + address + " lost" + reason + "; reconnecting...");
                }
            }
            case DIAL -> {
                if (outage) {
                    attempts++;
                }
            }
            case NEW -> {
                if (outage) {
                    outage = false;
                    message("reconnected to " + address + " (attempt " + attempts + ")");
                    if (verbose) {
                        SessionReport.print(client, address, io.err());
                    }
                }
            }
            default -> {
                // READ, WRITE, CLOSE_WRITE: nothing to say.
            }
        }
    }

    private void onError(Throwable... errors) {
        Throwable e = errors[0];
        if (e instanceof ReconnectFailedException failed) {
            gaveUp.complete(failed);
        } else if (verbose && outage && !closing && !(e instanceof NotConnectedException)) {
            io.err().println("* reconnect attempt " + attempts + " failed: " + FailureMessages.describe(e));
        }
    }

    private void message(String text) {
        io.err().println("tcpc: " + text);
        io.err().flush();
    }
}
