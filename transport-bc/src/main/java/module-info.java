/**
 * Plain TCP and TLS through Bouncy Castle's JSSE (BCJSSE), used as a private provider object and
 * never installed JVM-wide. Put it on the module path (or class path) with the Bouncy Castle jars
 * and {@code tcp.client.api} finds it; it exports nothing. See
 * {@code tcp.client.transport.bc.BcTransportProvider} for the crypto option and the logging it
 * quiets.
 */
module tcp.client.transport.bc {
    requires tcp.client.api;
    requires java.logging;
    requires org.bouncycastle.tls;
    requires org.bouncycastle.provider;

    provides tcp.client.api.spi.TransportProvider with tcp.client.transport.bc.BcTransportProvider;
}
