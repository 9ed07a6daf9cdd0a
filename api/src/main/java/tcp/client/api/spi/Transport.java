package tcp.client.api.spi;

import java.security.GeneralSecurityException;

/**
 * A TLS implementation as the core uses it: a maker of {@link TlsContext}s. Thread-safe; a provider
 * usually has one instance and gives it to every client.
 */
public interface Transport {
    /**
     * Builds the context that every connection with one TLS configuration uses: typically an
     * {@code SSLContext} of the provider's own, initialised with {@link TlsContextRequest#trustManagers()}
     * and key managers from {@link TlsContextRequest#keyManagers}.
     *
     * <p>Called when a client is given a configuration ({@code setTLS} or its builder), at most
     * once per configuration object and transport, never during a connect. The core then checks
     * the configuration against {@link TlsContext#supportedParameters()}, and the context's
     * {@link TlsContext#check} refuses what only this library cannot apply.
     *
     * @throws GeneralSecurityException if the provider cannot create or initialise its context;
     *     the client reports it as an {@code IllegalArgumentException} naming the transport
     */
    TlsContext newContext(TlsContextRequest request) throws GeneralSecurityException;
}
