package tcp.client.cli;

import java.io.PrintStream;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import tcp.client.api.InvalidAddressException;
import tcp.client.api.NoTransportException;

/**
 * Turns every failure into one line on stderr, {@code tcpc: <what failed>}, and an exit status;
 * the stack trace follows only with {@code --verbose}.
 */
final class FailureReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final String VERBOSE = "--verbose";

    private final PrintStream err;

    FailureReporter(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        String command = ex.getCommandLine().getCommandSpec().qualifiedName();
        err.println("tcpc: " + FailureMessages.oneLine(ex.getMessage()) + " (see '" + command + " --help')");
        if (Arrays.asList(args).contains(VERBOSE)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        int status;
        String message;
        if (ex instanceof CliFailure failure) {
            status = failure.exitCode();
            message = failure.getMessage();
        } else if (ex instanceof InvalidAddressException) {
            status = ExitCode.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof NoTransportException) {
            status = ExitCode.FAILURE;
            message = ex.getMessage();
        } else {
            status = ExitCode.FAILURE;
            message = FailureMessages.describe(ex);
        }
        err.println("tcpc: " + FailureMessages.oneLine(message));
        if (verbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /** Whether {@code --verbose} was given at any level (it is inherited by the subcommands). */
    static boolean verbose(ParseResult parseResult) {
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }
}
