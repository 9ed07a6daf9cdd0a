package tcp.client.cli;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import tcp.client.api.NoTransportException;
import tcp.client.api.TransportInfo;
import tcp.client.api.Transports;
import tcp.client.api.spi.TransportProvider;

/** {@code tcpc providers}: the transports found, their state and priority, and the default. */
@Command(name = "providers", usageHelpAutoWidth = true,
        header = "List the transports found, whether each works here, and the default.",
        description = {
            "List the transports found on the module path: whether each works here (or why not), its priority, "
                    + "and the one a client gets when it names none (*).",
        })
final class ProvidersCommand implements Callable<Integer> {
    @ParentCommand
    TcpcCommand parent;

    @Override
    public Integer call() {
        Stdio io = parent.stdio();
        List<TransportInfo> providers = Transports.available();
        String chosen;
        String why;
        try {
            chosen = Transports.defaultTransport().name();
            String property = System.getProperty(Transports.PROPERTY);
            why = property != null && !property.isBlank()
                    ? "named by -D" + Transports.PROPERTY
                    : "the available transport with the highest priority";
        } catch (NoTransportException e) {
            chosen = null;
            why = e.getMessage();
        }
        TextTable table = new TextTable("transport", "default", "priority", "module", "status");
        for (TransportInfo p : providers) {
            Optional<Throwable> reason = p.unavailableReason();
            String status = reason.map(r -> "unavailable: " + FailureMessages.oneLine(r.toString()))
                    .orElse("available");
            table.row(p.name(), p.name().equals(chosen) ? "*" : "", Integer.toString(p.priority()), moduleOf(p.name()),
                    status);
        }
        if (providers.isEmpty()) {
            io.out().println("no transport found");
        } else {
            table.print(io.out());
        }
        if (chosen == null) {
            io.err().println("tcpc: " + FailureMessages.oneLine(why));
            return ExitCode.FAILURE;
        }
        io.out().println("default: " + chosen + " (" + why + ")");
        io.out().flush();
        return ExitCode.OK;
    }

    /**
     * The module that provides the transport of this name. Looked up through {@link ServiceLoader}
     * as the SDK does (providers are cheap to create), because {@link Transports} describes
     * transports and hands out no provider objects.
     */
    private static String moduleOf(String name) {
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class, TransportProvider.class.getClassLoader())) {
            if (p.name().equals(name)) {
                Module m = p.getClass().getModule();
                return m.isNamed() ? m.getName() : "(class path)";
            }
        }
        return "?";
    }
}
