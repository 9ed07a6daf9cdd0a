package tcp.client.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tcp.client.api.ClientStats;
import tcp.client.api.ClientTCP;
import tcp.client.api.ReconnectPolicy;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;

/**
 * {@code tcpc connect}: stdin to the socket and the socket to stdout, like {@code nc} or
 * {@code openssl s_client}. The end of stdin half-closes; the end of the server's stream ends
 * the command. With {@code --reconnect}, a connection that ends before stdin does is dialed again
 * and the session goes on ({@link ReconnectingSession}).
 */
@Command(name = "connect", sortOptions = false, usageHelpAutoWidth = true,
        header = "Interactive: stdin to the server, the server to stdout (like nc).",
        description = {
            "Connect, then copy stdin to the server and the server's bytes to stdout; the TLS session is shown on "
                    + "stderr. The end of stdin half-closes the connection (where the transport cannot half-close "
                    + "TLS, tcpc keeps reading); the command ends when the server closes.",
            "",
            "With --reconnect the session survives the server going away (a restart, a reset): when the "
                    + "connection is lost, stderr says so, tcpc dials again with exponential backoff (100ms, doubling "
                    + "up to --reconnect-max-delay, jittered) and says when it is back. What is typed meanwhile is "
                    + "held and sent once reconnected; if tcpc gives up (--reconnect-attempts), it says how much "
                    + "was not sent and exits with status 3. A write that the loss breaks part-way is reported, not "
                    + "sent again. Only a lost connection is redialed: the first connect must succeed, and once "
                    + "stdin has ended, the server's close ends the command as without --reconnect.",
        })
final class ConnectCommand extends ClientCommand {
    /** The first delay of --reconnect's backoff; it doubles up to --reconnect-max-delay. */
    static final Duration RECONNECT_INITIAL_DELAY = Duration.ofMillis(100);
    /** The default of --reconnect-max-delay. */
    static final Duration RECONNECT_MAX_DELAY = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--lines",
            description = "Print the server's bytes a whole line at a time, as each line arrives, with the line "
                    + "end made \\n (a \\r before it is dropped); a line over 64 KiB ends the session (status 4). "
                    + "Not with --reconnect.")
    boolean lines;

    @Option(names = "--stats",
            description = "When the session ends, print the client's statistics on stderr: connections, "
                    + "reconnections, bytes read and written (application bytes), errors, dropped callback events, "
                    + "TLS handshakes and their mean time.")
    boolean stats;

    @Option(names = "--reconnect",
            description = "When the connection is lost, dial again and go on (see above); the first connect "
                    + "is not retried.")
    boolean reconnect;

    @Option(names = "--reconnect-max-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --reconnect: the longest wait between attempts; they start at 100ms and double "
                    + "(default: 5s).")
    Duration reconnectMaxDelay;

    @Option(names = "--reconnect-attempts", paramLabel = "N",
            description = "With --reconnect: give up after N failed attempts in a row and exit with status 3 "
                    + "(default: 0, never give up).")
    Integer reconnectAttempts;

    @Override
    int run(Stdio io, String address) throws IOException {
        ReconnectPolicy policy = reconnectPolicy();
        try (ClientTCP client = options.build(policy)) {
            try {
                try {
                    client.connect(options.timeout());
                } catch (IOException e) {
                    throw new CliFailure(ExitCode.CONNECT, FailureMessages.connectFailure(address, e), e);
                }
                SessionReport.print(client, address, io.err());
                if (policy.isEnabled()) {
                    return new ReconnectingSession(client, io, address, parent.verbose()).run();
                }
                return exchange(client, io, address, lines);
            } finally {
                if (stats) {
                    io.err().println("* " + statsLine(client.stats()));
                    io.err().flush();
                }
            }
        }
    }

    /** The statistics as one line for stderr. */
    static String statsLine(ClientStats s) {
        String line = "stats: " + s.connects() + (s.connects() == 1 ? " connection" : " connections")
                + ", " + s.reconnects() + (s.reconnects() == 1 ? " reconnection" : " reconnections")
                + ", " + s.bytesRead() + " bytes read, " + s.bytesWritten() + " bytes written, "
                + s.errors() + (s.errors() == 1 ? " error" : " errors")
                + ", " + s.droppedEvents() + " callback events dropped";
        if (s.handshakes() > 0) {
            line += ", " + s.handshakes() + (s.handshakes() == 1 ? " TLS handshake" : " TLS handshakes")
                    + String.format(java.util.Locale.ROOT, " (mean %.2f ms)", s.handshakeNanos() / 1e6 / s.handshakes());
        }
        return line;
    }

    /**
     * The policy the options ask for: none without --reconnect.
     *
     * @throws ParameterException for --reconnect-* without --reconnect, or a negative attempt count
     */
    ReconnectPolicy reconnectPolicy() {
        if (lines && reconnect) {
            throw new ParameterException(spec.commandLine(), "--lines does not go with --reconnect yet");
        }
        if (!reconnect) {
            if (reconnectMaxDelay != null || reconnectAttempts != null) {
                throw new ParameterException(spec.commandLine(),
                        "--reconnect-max-delay and --reconnect-attempts need --reconnect");
            }
            return ReconnectPolicy.none();
        }
        int attempts = reconnectAttempts == null ? 0 : reconnectAttempts;
        if (attempts < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--reconnect-attempts must be 0 (never give up) or more: " + attempts);
        }
        Duration max = reconnectMaxDelay == null ? RECONNECT_MAX_DELAY : reconnectMaxDelay;
        // A maximum below the first delay caps that one too.
        Duration initial = max.compareTo(RECONNECT_INITIAL_DELAY) < 0 ? max : RECONNECT_INITIAL_DELAY;
        return ReconnectPolicy.exponential(initial, max).withMaxAttempts(attempts);
    }

    private static int exchange(ClientTCP client, Stdio io, String address, boolean lines) {
        AtomicReference<CliFailure> sendFailure = new AtomicReference<>();
        AtomicBoolean finished = new AtomicBoolean();
        // stdin cannot be interrupted, so it is pumped on a daemon thread that the end of the
        // server's stream leaves behind, as nc does.
        Thread sender = new Thread(() -> send(client, io, address, sendFailure, finished), "tcpc-stdin");
        sender.setDaemon(true);
        sender.start();
        PrintStream out = io.out();
        try {
            if (lines) {
                printLines(client, out, address);
            } else {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = client.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    checkedFlush(out, address);
                }
            }
        } catch (EOFException e) {
            throw new CliFailure(ExitCode.IO, address + " closed the connection inside a line: " + e.getMessage(), e);
        } catch (IOException e) {
            CliFailure first = sendFailure.get();
            if (first != null) {
                throw first;
            }
            throw new CliFailure(ExitCode.IO, "reading from " + address + " failed: " + FailureMessages.describe(e), e);
        } finally {
            finished.set(true);
        }
        return ExitCode.OK;
    }

    /** Each complete line as it arrives, its end made {@code \n}. */
    private static void printLines(ClientTCP client, PrintStream out, String address) throws IOException {
        FramedClient framed = FramedClient.of(client, FrameCodec.lines());
        for (byte[] line; (line = framed.readFrame()) != null; ) {
            out.write(line);
            out.write('\n');
            checkedFlush(out, address);
        }
    }

    private static void checkedFlush(PrintStream out, String address) {
        out.flush();
        if (out.checkError()) {
            throw new CliFailure(ExitCode.IO, "writing stdout failed; closing the connection to " + address);
        }
    }

    private static void send(ClientTCP client, Stdio io, String address, AtomicReference<CliFailure> failure,
                             AtomicBoolean finished) {
        byte[] buffer = new byte[BUFFER];
        InputStream in = io.in();
        try {
            while (true) {
                int n;
                try {
                    n = readStdin(in, buffer);
                } catch (CliFailure e) {
                    failure.set(e);
                    closeQuietly(client, io);
                    return;
                }
                if (n < 0) {
                    break;
                }
                client.write(buffer, 0, n);
            }
            try {
                client.shutdownOutput();
            } catch (UnsupportedOperationException e) {
                io.err().println("* " + FailureMessages.oneLine(e.getMessage())
                        + "; end of stdin: reading on until the server closes");
            }
        } catch (IOException e) {
            if (!finished.get()) {
                failure.set(new CliFailure(ExitCode.IO, "writing to " + address + " failed: "
                        + FailureMessages.describe(e), e));
                closeQuietly(client, io);
            }
        }
    }

    /** Closes to unblock the reading thread, which then reports the failure that caused this. */
    private static void closeQuietly(ClientTCP client, Stdio io) {
        try {
            client.close();
        } catch (IOException e) {
            io.err().println("* closing the connection failed: " + FailureMessages.describe(e));
        }
    }
}
