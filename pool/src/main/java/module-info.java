/**
 * A bounded, fair pool of connected {@link tcp.client.api.ClientTCP} clients. Start with
 * {@link tcp.client.pool.ClientPool#builder}.
 */
module tcp.client.pool {
    requires transitive tcp.client.api;

    exports tcp.client.pool;
}
