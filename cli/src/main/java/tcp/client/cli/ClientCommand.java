package tcp.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A command that talks to one server: the client options, the streams, one address. */
abstract class ClientCommand implements Callable<Integer> {
    /** The size of the buffers that copy between the streams and the connection. */
    static final int BUFFER = 16 * 1024;

    /**
     * Reads the next chunk of stdin.
     *
     * @return the count, or -1 at its end
     * @throws CliFailure (status 4) naming the failure to read stdin
     */
    static int readStdin(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO, "reading stdin failed: " + FailureMessages.describe(e), e);
        }
    }

    @ParentCommand
    TcpcCommand parent;

    @Mixin
    ClientOptions options;

    @Override
    public final Integer call() throws IOException {
        return run(parent.stdio(), options.address());
    }

    /**
     * Runs the command.
     *
     * @return the exit code
     */
    abstract int run(Stdio io, String address) throws IOException;
}
