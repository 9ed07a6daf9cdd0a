/**
 * Plain TCP and TLS through Conscrypt (BoringSSL for Java). Put it and
 * {@code org.conscrypt:conscrypt-openjdk-uber} on the module path (or class path) and
 * {@code tcp.client.api} finds it; it exports nothing. Where Conscrypt's native library cannot load,
 * the transport reports why and selection passes over it.
 */
module tcp.client.transport.conscrypt {
    requires tcp.client.api;
    requires org.conscrypt;

    provides tcp.client.api.spi.TransportProvider with tcp.client.transport.conscrypt.ConscryptTransportProvider;
}
