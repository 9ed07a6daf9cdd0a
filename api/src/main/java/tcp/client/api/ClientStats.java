package tcp.client.api;

/**
 * What a client has done over its life, from {@link ClientTCP#stats()}: counted without a lock on
 * the I/O path, so a snapshot taken while other threads read or write may mix counts from slightly
 * different moments; each count on its own is exact.
 *
 * @param connects connections established, by {@code connect}, {@code connectAsync}, {@code once}
 *     or a reconnection
 * @param reconnects of those, the ones a {@linkplain ReconnectPolicy reconnect policy} established
 * @param bytesRead application bytes that reads returned (not TLS record bytes)
 * @param bytesWritten application bytes that writes accepted
 * @param errors errors the client reported (each one its error callback receives, whether one is
 *     registered or not): failed connects, failed reads and writes, a reconnection given up
 * @param droppedEvents READ and WRITE events the info callback did not get because its queue was
 *     full
 * @param handshakes TLS handshakes completed (one per TLS connection established)
 * @param handshakeNanos the time those handshakes took, in total, in nanoseconds
 */
public record ClientStats(long connects, long reconnects, long bytesRead, long bytesWritten,
                          long errors, long droppedEvents, long handshakes, long handshakeNanos) {
    /**
     * The counters without the handshake ones (zero), as a plain client reports them.
     */
    public ClientStats(long connects, long reconnects, long bytesRead, long bytesWritten, long errors,
                       long droppedEvents) {
        this(connects, reconnects, bytesRead, bytesWritten, errors, droppedEvents, 0, 0);
    }
}
