package tcp.client.api.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The socket settings of one client, fixed when it is built.
 *
 * @param keepAlive TCP keep-alive idle time; {@link Duration#ZERO} turns keep-alive off
 * @param tcpNoDelay whether Nagle's algorithm is off (TCP_NODELAY)
 * @param sendBufferSize SO_SNDBUF in bytes, 0 for the system's default
 * @param receiveBufferSize SO_RCVBUF in bytes, 0 for the system's default
 * @param readTimeout how long a read may block; {@link Duration#ZERO} blocks without limit
 * @param handshakeTimeout a cap on the TLS handshake inside the connect budget
 */
public record TransportOptions(Duration keepAlive,
                               boolean tcpNoDelay,
                               int sendBufferSize,
                               int receiveBufferSize,
                               Duration readTimeout,
                               Duration handshakeTimeout) {
    /** The defaults: keep-alive after 5 minutes, TCP_NODELAY on, no read timeout, 10 s handshake. */
    public static final TransportOptions DEFAULTS = new TransportOptions(
            Duration.ofMinutes(5), true, 0, 0, Duration.ZERO, Duration.ofSeconds(10));

    /** Checks the values. */
    public TransportOptions {
        requireNotNegative(keepAlive, "keepAlive");
        requireNotNegative(readTimeout, "readTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
        if (sendBufferSize < 0) {
            throw new IllegalArgumentException("sendBufferSize must not be negative: " + sendBufferSize);
        }
        if (receiveBufferSize < 0) {
            throw new IllegalArgumentException("receiveBufferSize must not be negative: " + receiveBufferSize);
        }
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
