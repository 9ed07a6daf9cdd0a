package tcp.client.api.spi;

import java.io.IOException;
import tcp.client.api.TlsConfig;

/**
 * Opens the connections of one client, plain or TLS. Thread-safe: a client may connect from
 * several threads at once.
 */
public interface Transport {
    /**
     * Checks that this transport can apply a TLS configuration to this client alone, before any
     * dial; called by {@code setTLS} and the client builder. May prepare and cache what the
     * connections will need (an {@code SSLContext}, say).
     *
     * @throws IllegalArgumentException naming this transport and the setting it cannot apply (a
     *     suite it does not support, named groups where it can only set them JVM-wide, ...)
     */
    void checkTls(TlsConfig config);

    /**
     * Opens a connection: resolves the target, connects over TCP and, when the request has TLS,
     * completes the handshake with the server's certificate and host name verified.
     *
     * <p>Everything the attempt opens must be {@linkplain ConnectRequest#guard guarded}, so that a
     * cancellation, an interrupt or the deadline closes it at once; when this method throws, it
     * has closed everything it opened.
     *
     * @return an established connection; the caller owns it
     * @throws IOException of the JDK's standard types: {@code UnknownHostException},
     *     {@code ConnectException}, {@code SocketTimeoutException}, an {@code SSLException}, ...
     */
    Connection open(ConnectRequest request) throws IOException;
}
