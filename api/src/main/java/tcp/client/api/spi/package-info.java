/**
 * The service interface of transports: what a TLS implementation provides so that
 * {@link tcp.client.api.ClientTCP} can use it.
 *
 * <p>A transport jar registers a {@link tcp.client.api.spi.TransportProvider} both in its
 * {@code module-info.java} ({@code provides tcp.client.api.spi.TransportProvider with ...}) and in
 * {@code META-INF/services/tcp.client.api.spi.TransportProvider}. Each client asks the chosen
 * provider for one {@link tcp.client.api.spi.Transport}, which opens that client's
 * {@link tcp.client.api.spi.Connection}s. A provider built on a JSSE {@code SSLContext} extends
 * {@link tcp.client.api.spi.JsseTransport} and supplies little more than the context; any other
 * implements {@code Transport} directly. The conformance suite in {@code it-tests} checks either.
 *
 * <p>Null arguments throw {@link NullPointerException} unless documented otherwise.
 */
package tcp.client.api.spi;
