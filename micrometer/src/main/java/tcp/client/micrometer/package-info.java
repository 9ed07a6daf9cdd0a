/**
 * Micrometer meters for TCP clients and connection pools:
 * {@link tcp.client.micrometer.TcpClientMetrics#bind(tcp.client.api.ClientTCP,
 * io.micrometer.core.instrument.MeterRegistry, String)} and
 * {@link tcp.client.micrometer.TcpClientMetrics#bind(tcp.client.pool.ClientPool,
 * io.micrometer.core.instrument.MeterRegistry, String)} register meters that read the counters
 * the client or pool already keeps, and return a {@link tcp.client.micrometer.MeterBinding} that
 * removes them again.
 *
 * <p>Unless a parameter is documented to accept null, passing null to any method of this package
 * throws {@link NullPointerException}. No method returns null.
 *
 * <p>{@code TcpClientMetrics} and {@code MeterBinding} are thread-safe.
 */
package tcp.client.micrometer;
