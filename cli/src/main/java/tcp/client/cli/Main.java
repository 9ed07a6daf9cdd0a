package tcp.client.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The entry point of {@code tcpc}: runs one command and exits with its status (see
 * {@link ExitCode}).
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs {@code tcpc} with the process's standard streams and exits with the command's status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(Stdio.system(), args));
    }

    /** Runs one command on the given streams and returns its exit status, without exiting. */
    static int run(Stdio stdio, String... args) {
        return commandLine(stdio).execute(args);
    }

    /** The configured command line: help and version go to {@code stdio}, failures are one line. */
    static CommandLine commandLine(Stdio stdio) {
        CommandLine cl = new CommandLine(new TcpcCommand(stdio));
        cl.setOut(new PrintWriter(stdio.out(), true));
        cl.setErr(new PrintWriter(stdio.err(), true));
        FailureReporter reporter = new FailureReporter(stdio.err());
        cl.setParameterExceptionHandler(reporter);
        cl.setExecutionExceptionHandler(reporter);
        return cl;
    }
}
