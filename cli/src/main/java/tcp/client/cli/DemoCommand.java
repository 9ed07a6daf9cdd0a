package tcp.client.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tcp.client.api.TransportInfo;
import tcp.client.api.Transports;

/**
 * {@code tcpc demo}: every transport on the path against local echo servers, then a table. Exits
 * 0 only when every available transport passed every step.
 */
@Command(name = "demo", sortOptions = false, usageHelpAutoWidth = true,
        header = "Run every transport against local plain and TLS echo servers; print a table.",
        description = {
            "Start a plain and a TLS echo server on 127.0.0.1, the TLS one with a certificate made on the spot. "
                    + "Then, for each transport on the path: a plain echo, a refused wrong server name, "
                    + TransportTrial.HANDSHAKES + " timed TLS connects with the server's certificate checked, small "
                    + "echo round trips, and a bulk echo of checked data (with a progress bar when stderr is a "
                    + "terminal). Prints a table; exits 0 only when every available transport passed.",
        })
final class DemoCommand implements Callable<Integer> {
    /** The SDK's JFR events. */
    static final List<String> JFR_EVENTS = List.of("tcp.client.Connect", "tcp.client.Handshake", "tcp.client.Close",
            "tcp.client.Reconnect");

    @ParentCommand
    TcpcCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "64MiB", converter = ByteSizeConverter.class,
            description = "How much data the bulk echo moves, up to 1GiB (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--round-trips", paramLabel = "N", defaultValue = "500",
            description = "How many small echoes to time, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int roundTrips;

    @Option(names = "--transport", paramLabel = "NAME",
            description = "Run only this transport; repeat for more (default: every one found).")
    List<String> only = new ArrayList<>();

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record the run with Java Flight Recorder (the JDK's default settings plus every "
                    + "tcp.client event: Connect, Handshake, Close, Reconnect) and write the recording to FILE.")
    Path jfr;

    @Override
    public Integer call() throws IOException {
        if (roundTrips < 1 || roundTrips > 100_000) {
            throw new ParameterException(spec.commandLine(), "--round-trips must be 1 to 100000: " + roundTrips);
        }
        Stdio io = parent.stdio();
        PrintStream out = io.out();
        List<TransportInfo> providers = selected();
        if (jfr == null) {
            return run(io, out, providers);
        }
        try (Recording recording = startRecording()) {
            try {
                return run(io, out, providers);
            } finally {
                recording.stop();
                try {
                    recording.dump(jfr);
                } catch (IOException e) {
                    throw new CliFailure(ExitCode.IO, "writing the JFR recording to " + jfr + " failed: "
                            + FailureMessages.describe(e), e);
                }
                out.println("JFR recording written to " + jfr + "; to read it: jfr print --events 'tcp.client.*' "
                        + jfr + " (or jfr summary " + jfr + ", or open it in JDK Mission Control)");
                out.flush();
            }
        }
    }

    /** A recording with the JDK's default settings and every tcp.client event, without threshold. */
    private Recording startRecording() throws IOException {
        Path parentDir = jfr.toAbsolutePath().getParent();
        if (parentDir != null && !Files.isDirectory(parentDir)) {
            throw new ParameterException(spec.commandLine(), "--jfr: no such directory: " + parentDir);
        }
        Recording recording;
        try {
            recording = new Recording(Configuration.getConfiguration("default"));
        } catch (ParseException e) {
            throw new IOException("the JDK's default JFR settings cannot be read: " + e.getMessage(), e);
        }
        recording.setName("tcpc demo");
        for (String event : JFR_EVENTS) {
            recording.enable(event).withoutThreshold();
        }
        recording.start();
        return recording;
    }

    private Integer run(Stdio io, PrintStream out, List<TransportInfo> providers) throws IOException {
        try (DemoServers servers = DemoServers.start()) {
            out.println("echo servers on " + servers.plainAddress() + " (plain TCP) and " + servers.tlsAddress()
                    + " (TLS, certificate for " + DemoServers.SERVER_NAME + " issued just now by \"" + servers.caName()
                    + "\")");
            out.println("transports found: " + providers.stream().map(TransportInfo::name)
                    .collect(Collectors.joining(", ")));
            out.flush();
            TextTable table = new TextTable("transport", "TLS", "cipher suite", "handshake", "echo p50",
                    "throughput", "result");
            int ran = 0;
            int failed = 0;
            for (TransportInfo p : providers) {
                Optional<Throwable> unavailable = p.unavailableReason();
                if (unavailable.isPresent()) {
                    out.println(p.name() + ": skipped, unavailable here: "
                            + FailureMessages.oneLine(unavailable.get().toString()));
                    table.row(p.name(), "-", "-", "-", "-", "-", "unavailable");
                    continue;
                }
                TrialResult result = new TransportTrial(p.name(), servers, size, roundTrips, io).run();
                ran++;
                if (result.passed()) {
                    out.println(p.name() + ": ok: plain echo, server verified, \"" + TransportTrial.WRONG_NAME
                            + "\" refused, " + roundTrips + " round trips, " + ByteSizeConverter.format(size)
                            + " echoed intact");
                } else {
                    failed++;
                    out.println(p.name() + ": FAILED at " + result.failure().orElseThrow());
                }
                out.flush();
                table.row(result.cells());
            }
            out.println();
            table.print(out);
            out.println();
            out.println("handshake: median of " + TransportTrial.HANDSHAKES + " TLS connects (TCP and handshake)");
            out.println("echo p50: median of " + roundTrips + " round trips of 64 bytes");
            out.println("throughput: " + ByteSizeConverter.format(size) + " sent and echoed back at once; "
                    + "the rate of the last three quarters (the first warms up)");
            if (ran == 0) {
                out.flush();
                throw new CliFailure(ExitCode.FAILURE, "no transport is available here; see 'tcpc providers'");
            }
            if (failed > 0) {
                out.flush();
                throw new CliFailure(ExitCode.FAILURE,
                        failed + " of " + ran + (ran == 1 ? " transport" : " transports") + " failed");
            }
            out.println(ran == 1 ? "the transport passed" : "all " + ran + " transports passed");
            out.flush();
            return ExitCode.OK;
        }
    }

    private List<TransportInfo> selected() {
        List<TransportInfo> found = Transports.available();
        if (found.isEmpty()) {
            throw new CliFailure(ExitCode.FAILURE,
                    "no transport found: add tcp.client.transport.jdk (or conscrypt, bc) to the module path");
        }
        if (only.isEmpty()) {
            return found;
        }
        List<TransportInfo> chosen = new ArrayList<>();
        for (String name : only) {
            String names = found.stream().map(TransportInfo::name).collect(Collectors.joining(", "));
            TransportInfo match = found.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ParameterException(spec.commandLine(),
                            "no transport named \"" + name + "\"; found: " + names));
            if (!chosen.contains(match)) {
                chosen.add(match);
            }
        }
        return chosen;
    }
}
