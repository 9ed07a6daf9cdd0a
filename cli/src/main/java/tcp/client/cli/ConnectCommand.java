package tcp.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import tcp.client.api.ClientTCP;

/**
 * {@code tcpc connect}: stdin to the socket and the socket to stdout, like {@code nc} or
 * {@code openssl s_client}. The end of stdin half-closes; the end of the server's stream ends
 * the command.
 */
@Command(name = "connect", sortOptions = false, usageHelpAutoWidth = true,
        header = "Interactive: stdin to the server, the server to stdout (like nc).",
        description = {
            "Connect, then copy stdin to the server and the server's bytes to stdout; the TLS session is shown on "
                    + "stderr. The end of stdin half-closes the connection (where the transport cannot half-close "
                    + "TLS, tcpc keeps reading); the command ends when the server closes.",
        })
final class ConnectCommand extends ClientCommand {
    @Override
    int run(Stdio io, String address) throws IOException {
        try (ClientTCP client = options.build()) {
            try {
                client.connect(options.timeout());
            } catch (IOException e) {
                throw new CliFailure(ExitCode.CONNECT, FailureMessages.connectFailure(address, e), e);
            }
            SessionReport.print(client, address, io.err());
            return exchange(client, io, address);
        }
    }

    private static int exchange(ClientTCP client, Stdio io, String address) {
        AtomicReference<CliFailure> sendFailure = new AtomicReference<>();
        AtomicBoolean finished = new AtomicBoolean();
        // stdin cannot be interrupted, so it is pumped on a daemon thread that the end of the
        // server's stream leaves behind, as nc does.
        Thread sender = new Thread(() -> send(client, io, address, sendFailure, finished), "tcpc-stdin");
        sender.setDaemon(true);
        sender.start();
        byte[] buffer = new byte[BUFFER];
        PrintStream out = io.out();
        try {
            for (int n; (n = client.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                if (out.checkError()) {
                    throw new CliFailure(ExitCode.IO, "writing stdout failed; closing the connection to " + address);
                }
            }
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

    private static void send(ClientTCP client, Stdio io, String address, AtomicReference<CliFailure> failure,
                             AtomicBoolean finished) {
        byte[] buffer = new byte[BUFFER];
        InputStream in = io.in();
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    failure.set(new CliFailure(ExitCode.IO, "reading stdin failed: " + FailureMessages.describe(e), e));
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
