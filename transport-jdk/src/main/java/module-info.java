/**
 * Plain TCP and TLS through the JDK's own SunJSSE. Put it on the module path (or class path) and
 * {@code tcp.client.api} finds it; it exports nothing.
 */
module tcp.client.transport.jdk {
    requires tcp.client.api;

    provides tcp.client.api.spi.TransportProvider with tcp.client.transport.jdk.JdkTransportProvider;
}
