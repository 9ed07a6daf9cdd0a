package tcp.client.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import tcp.client.api.ClientTCP;

/** {@code tcpc once}: one request/response exchange through the SDK's {@code once}. */
@Command(name = "once", sortOptions = false, usageHelpAutoWidth = true,
        header = "Send all of stdin, print the whole response, close.",
        description = {
            "Connect, send all of stdin, print the whole response to stdout until the server closes, then close "
                    + "(the SDK's ClientTCP.once). Meant for protocols where the server closes after answering, "
                    + "such as HTTP/1.0.",
        })
final class OnceCommand extends ClientCommand {
    @Override
    int run(Stdio io, String address) throws IOException {
        boolean verbose = parent.verbose();
        // once() connects before it reads the request: the first read tells a connect failure
        // from one of the exchange.
        Request request = new Request(io.in());
        try (ClientTCP client = options.build()) {
            client.once(options.timeout(), request, response -> {
                if (verbose) {
                    SessionReport.print(client, address, io.err());
                }
                copy(response, io.out(), address);
            });
        } catch (IOException e) {
            if (!request.connected) {
                throw new CliFailure(ExitCode.CONNECT, FailureMessages.connectFailure(address, e), e);
            }
            throw new CliFailure(ExitCode.IO,
                    "exchange with " + address + " failed: " + FailureMessages.describe(e), e);
        }
        return ExitCode.OK;
    }

    private static void copy(InputStream response, PrintStream out, String address) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = response.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        out.flush();
        if (out.checkError()) {
            throw new CliFailure(ExitCode.IO, "writing stdout failed; closing the connection to " + address);
        }
    }

    /** stdin as the request, noting that once() got as far as reading it. */
    private static final class Request extends FilterInputStream {
        volatile boolean connected;

        Request(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            connected = true;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            connected = true;
            return super.read(b, off, len);
        }

        @Override
        public void close() {
            // stdin belongs to the process, not to the exchange.
        }
    }
}
