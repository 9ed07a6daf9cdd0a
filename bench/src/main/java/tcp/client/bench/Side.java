package tcp.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One of the two things compared: the SDK or the raw API, for one {@link Stack}.
 *
 * <p>Connecting is split in two so that only the connect itself is timed: {@link #dialer} does the
 * set-up that an application does once (the SDK's client object, a raw TLS context), and
 * {@link Dialer#connect()} opens the connection, handshake included.
 */
interface Side {
    /** {@code "sdk"} or {@code "raw"}, with a suffix for a variant. */
    String name();

    /**
     * Prepares one connection to {@code server}.
     *
     * @param freshTls whether TLS must start from a new context (a new SDK {@code TlsConfig}, a new
     *     raw {@code SSLContext}), so that the handshake is a full one; otherwise one context per
     *     side is shared
     */
    Dialer dialer(InetSocketAddress server, boolean freshTls) throws IOException;

    /** Opens the prepared connection. */
    @FunctionalInterface
    interface Dialer {
        /** Connects (TCP, and the TLS handshake where there is TLS). */
        Endpoint connect() throws IOException;
    }
}
