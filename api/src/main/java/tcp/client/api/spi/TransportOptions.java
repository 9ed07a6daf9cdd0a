package tcp.client.api.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The socket settings of one client, fixed when it is built.
 *
 * @param keepAlive TCP keep-alive idle time; {@link Duration#ZERO} turns keep-alive off
 * @param keepAliveInterval the time between keep-alive probes (Go's 15 s by default)
 * @param keepAliveCount unanswered probes before the connection is dropped (Go's 9 by default)
 * @param tcpNoDelay whether Nagle's algorithm is off (TCP_NODELAY)
 * @param sendBufferSize SO_SNDBUF in bytes, 0 for the system's default
 * @param receiveBufferSize SO_RCVBUF in bytes, 0 for the system's default
 * @param readTimeout how long a read may block; {@link Duration#ZERO} blocks without limit
 * @param handshakeTimeout a cap on the TLS handshake inside the connect budget
 */
public record TransportOptions(Duration keepAlive,
                               Duration keepAliveInterval,
                               int keepAliveCount,
                               boolean tcpNoDelay,
                               int sendBufferSize,
                               int receiveBufferSize,
                               Duration readTimeout,
                               Duration handshakeTimeout) {
    /**
     * The defaults: keep-alive after 5 minutes idle, then a probe every 15 s, 9 of them (Go's
     * settings); TCP_NODELAY on; no read timeout; a 10 s handshake cap.
     */
    public static final TransportOptions DEFAULTS = new TransportOptions(
            Duration.ofMinutes(5), Duration.ofSeconds(15), 9, true, 0, 0, Duration.ZERO, Duration.ofSeconds(10));

    /** Checks the values. */
    public TransportOptions {
        requireNotNegative(keepAlive, "keepAlive");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        if (keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
            throw new IllegalArgumentException("keepAliveInterval must be positive: " + keepAliveInterval);
        }
        if (keepAliveCount < 1) {
            throw new IllegalArgumentException("keepAliveCount must be at least 1: " + keepAliveCount);
        }
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
