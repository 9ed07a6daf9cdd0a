package tcp.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code tcpc} command: holds the standard streams and the options every subcommand shares. */
@Command(name = "tcpc",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        exitCodeOnInvalidInput = ExitCode.USAGE,
        exitCodeOnExecutionException = ExitCode.FAILURE,
        header = "A TCP and TLS client on the tcp-client SDK, with every transport on the path.",
        description = {
            "Start with 'tcpc demo': it runs each transport against local echo servers.",
        },
        subcommands = {DemoCommand.class, ProvidersCommand.class, ConnectCommand.class, OnceCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  success",
            "  1  other failure (a demo transport failed, no transport on the path)",
            "  2  bad command line (option, address, duration, file)",
            "  3  connect failed (refused, unknown host, timeout, TLS handshake or trust),",
            "     or connect --reconnect gave up reconnecting",
            "  4  I/O failed after connecting",
        })
final class TcpcCommand implements Callable<Integer> {
    private final Stdio stdio;

    @Spec
    CommandSpec spec;

    @Option(names = FailureReporter.VERBOSE, scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure (and, for once, the TLS session; for connect "
                    + "--reconnect, each failed attempt and the session after reconnecting).")
    boolean verbose;

    TcpcCommand(Stdio stdio) {
        this.stdio = stdio;
    }

    Stdio stdio() {
        return stdio;
    }

    /** Whether {@code --verbose} was given, before or after the subcommand's name. */
    boolean verbose() {
        return verbose || FailureReporter.verbose(spec.commandLine().getParseResult());
    }

    /** Without a subcommand: the usage on stderr, and a usage status. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
