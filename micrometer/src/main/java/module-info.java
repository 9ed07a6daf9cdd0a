/**
 * Micrometer meters for {@link tcp.client.api.ClientTCP} clients and
 * {@link tcp.client.pool.ClientPool} pools, read from their {@code stats()}. Start with
 * {@link tcp.client.micrometer.TcpClientMetrics}.
 */
module tcp.client.micrometer {
    requires transitive tcp.client.api;
    requires transitive tcp.client.pool;
    // micrometer-core has no module-info; its manifest names the automatic module micrometer.core.
    requires transitive micrometer.core;

    exports tcp.client.micrometer;
}
