/**
 * Small programs that use the SDK against real servers; each has a {@code main} and a test that
 * runs it. {@code examples/run NAME ARGS} runs one on the module path; the README lists them.
 *
 * <ul>
 *   <li>{@code tcp.client.examples.quickstart}: the README's quick start, one line to an echo server;
 *   <li>{@code tcp.client.examples.redis}: a RESP client over TLS with a pool of connections;
 *   <li>{@code tcp.client.examples.lines}: a line client that survives a server restart;
 *   <li>{@code tcp.client.examples.rpc}: a length-prefixed RPC client, and a tiny server for it.
 * </ul>
 *
 * <p>Like any application it requires the API (here through framing and pool, which require it
 * transitively) and names no transport: the one on the module path is found by the API.
 */
module tcp.client.examples {
    requires tcp.client.api;
    requires tcp.client.framing;
    requires tcp.client.pool;
    // Exports nothing: java -m runs a main class of a package that is not exported.
}
