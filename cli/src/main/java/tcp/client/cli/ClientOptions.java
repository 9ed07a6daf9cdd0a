package tcp.client.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tcp.client.api.ClientTCP;
import tcp.client.api.InvalidAddressException;
import tcp.client.api.NoTransportException;
import tcp.client.api.ReconnectPolicy;
import tcp.client.api.TlsConfig;

/** The options of {@code connect} and {@code once}: where to connect, and how. */
final class ClientOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--tls", description = "Use TLS; the server's certificate and name are always verified.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "Trust the CA certificates in this PEM file instead of the JDK's trust store.")
    Path ca;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "A client certificate chain (PEM), leaf first; needs --key.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE",
            description = "The client certificate's private key (PEM, unencrypted).")
    Path key;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "The name to verify the certificate against and send as SNI (default: the host).")
    String serverName;

    @Option(names = "--transport", paramLabel = "NAME",
            description = "The transport to use, such as jdk, conscrypt or bc (default: see 'tcpc providers').")
    String transport;

    @Option(names = "--alpn", paramLabel = "PROTO", description = "Offer this ALPN protocol; repeat for more.")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "The connect budget: name lookup, TCP and TLS handshake, such as 5s, 500ms or PT5S "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Fail when the server sends nothing for this long (default: wait).")
    Duration readTimeout;

    @Parameters(index = "0", paramLabel = "HOST:PORT",
            description = "The server: a name, an IPv4 address or a bracketed IPv6 address, and a port.")
    String address;

    String address() {
        return address;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Builds the client these options describe.
     *
     * @throws ParameterException for options that do not go together or a malformed address
     * @throws CliFailure for unreadable or invalid files and a transport that cannot be had
     */
    ClientTCP build() {
        return build(ReconnectPolicy.none());
    }

    /**
     * Builds the client these options describe, with a reconnect policy ({@code connect --reconnect}).
     *
     * @see #build()
     */
    ClientTCP build(ReconnectPolicy reconnect) {
        boolean tlsOnly = ca != null || cert != null || key != null || serverName != null || !alpn.isEmpty();
        if (tlsOnly && !tls) {
            throw new ParameterException(spec.commandLine(),
                    "--ca, --cert, --key, --server-name and --alpn need --tls");
        }
        if ((cert == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(), "--cert and --key go together");
        }
        ClientTCP.Builder builder;
        try {
            builder = ClientTCP.builder(address);
        } catch (InvalidAddressException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, address);
        }
        builder.connectTimeout(timeout);
        if (readTimeout != null) {
            builder.readTimeout(readTimeout);
        }
        if (transport != null) {
            builder.transport(transport);
        }
        if (tls) {
            builder.tls(tlsConfig(), serverName);
        }
        if (reconnect.isEnabled()) {
            builder.reconnect(reconnect);
        }
        try {
            return builder.build();
        } catch (NoTransportException e) {
            throw new CliFailure(transport == null ? ExitCode.FAILURE : ExitCode.USAGE, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "the TLS settings do not fit: " + e.getMessage(), e);
        }
    }

    private TlsConfig tlsConfig() {
        TlsConfig.Builder b = TlsConfig.builder();
        if (ca != null) {
            readable("--ca", ca);
            try {
                b.rootCaFile(ca);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw invalidFile("--ca", ca, e);
            }
        }
        if (cert != null) {
            readable("--cert", cert);
            readable("--key", key);
            try {
                b.certificatePairFiles(key, cert);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw invalidFile("--cert/--key", cert, e);
            }
        }
        if (!alpn.isEmpty()) {
            try {
                b.applicationProtocols(alpn);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "invalid --alpn: " + e.getMessage(), e, null,
                        String.join(",", alpn));
            }
        }
        return b.build();
    }

    private static void readable(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(ExitCode.USAGE, "cannot read " + option + " file " + file + ": "
                    + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw new CliFailure(ExitCode.USAGE, "cannot read " + option + " file " + file + ": permission denied");
        }
    }

    private static CliFailure invalidFile(String option, Path file, RuntimeException e) {
        String why = e instanceof UncheckedIOException u ? FailureMessages.describe(u.getCause()) : e.getMessage();
        return new CliFailure(ExitCode.USAGE, "invalid " + option + " file " + file + ": " + why, e);
    }
}
