/**
 * The TCP client, its callbacks and TLS settings ({@code tcp.client.api}), and the service
 * interface that transports implement ({@code tcp.client.api.spi}).
 *
 * <p>Applications write {@code requires tcp.client.api;} and put one or more transports on their
 * path; the transport in use is found through {@link java.util.ServiceLoader}.
 */
module tcp.client.api {
    requires jdk.net;
    requires jdk.jfr;

    exports tcp.client.api;
    exports tcp.client.api.spi;

    uses tcp.client.api.spi.TransportProvider;
}
