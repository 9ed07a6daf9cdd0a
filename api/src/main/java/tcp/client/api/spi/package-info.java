/**
 * The service interface of transports: what a TLS implementation supplies so that
 * {@link tcp.client.api.ClientTCP} can use it. Interfaces and immutable values only; nothing here
 * is to be extended.
 *
 * <p><b>What the core does, on every transport.</b> Address parsing and name resolution, dialing
 * plain TCP over an interruptible {@code SocketChannel} with the client's socket options, the
 * connect budget and the handshake cap, cancellation, the read timeout, the callbacks, and the
 * whole TLS policy: the server's chain validated by the JDK's PKIX implementation, then the SDK's
 * certificate policy and host name (or IP address) rules; root certificates and the client's key
 * pair loaded from PEM or a {@code KeyStore}; versions, cipher suites (secure defaults), SNI for
 * names but not IP literals, ALPN; one exception type per failure whatever the provider threw.
 *
 * <p><b>What a provider does.</b> It makes the TLS layer over a socket the core has connected,
 * and keeps its library's quirks to itself:
 * <ol>
 *   <li>A {@link tcp.client.api.spi.TransportProvider}, registered both in its
 *       {@code module-info.java} ({@code provides tcp.client.api.spi.TransportProvider with ...})
 *       and in {@code META-INF/services/tcp.client.api.spi.TransportProvider}, gives a
 *       {@link tcp.client.api.spi.Transport}.</li>
 *   <li>For each TLS configuration a client uses, the core asks that transport once for a
 *       {@link tcp.client.api.spi.TlsContext}, handing it a
 *       {@link tcp.client.api.spi.TlsContextRequest} with the trust and key managers to initialise
 *       the provider's {@code SSLContext} with. Every client that uses the same configuration
 *       object shares that context, for as long as the configuration is reachable.</li>
 *   <li>For each connection, the core calls {@link tcp.client.api.spi.TlsContext#layer} over the
 *       connected socket, sets the socket's {@code SSLParameters} (after
 *       {@link tcp.client.api.spi.TlsContext#configure}, the provider's hook for what
 *       {@code SSLParameters} cannot carry), runs the handshake and owns the socket from then on;
 *       {@link tcp.client.api.spi.TlsContext#shutdownOutput} and
 *       {@link tcp.client.api.spi.TlsContext#closed} are the provider's hooks for a TLS half-close
 *       and for releasing what its library holds.</li>
 * </ol>
 * A minimal provider is about forty lines: see the JDK transport, or the conformance suite's own
 * sample provider, which runs the whole suite.
 *
 * <p>Null arguments throw {@link NullPointerException} unless documented otherwise.
 */
package tcp.client.api.spi;
