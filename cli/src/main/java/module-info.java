/**
 * {@code tcpc}, the SDK's command line: a demo that runs every transport on the path against
 * local echo servers, a list of the transports found, an interactive {@code connect} in the
 * manner of {@code nc} or {@code openssl s_client}, and {@code once} for one request/response.
 *
 * <p>It requires the API alone: the transports are runtime dependencies, found on the module
 * path by {@link java.util.ServiceLoader} as any application finds them.
 */
module tcp.client.cli {
    requires tcp.client.api;
    requires tcp.client.framing;
    requires tcp.client.testkit;
    requires info.picocli;
    requires jdk.jfr;

    // Only to name the module of each transport in "tcpc providers".
    uses tcp.client.api.spi.TransportProvider;

    // picocli fills the commands' annotated fields reflectively.
    opens tcp.client.cli to info.picocli;
}
