/**
 * Connection pooling over TCP clients: a {@link tcp.client.pool.ClientPool} dials clients from a
 * factory, lends them out as {@link tcp.client.pool.ClientPool.Lease}s and takes them back.
 *
 * <p>Unless a parameter is documented to accept null, passing null to any method of this package
 * throws {@link NullPointerException}. No method returns null.
 *
 * <p>{@code ClientPool} is thread-safe; its builder is not; a lease is meant for the thread that
 * borrowed it, though closing it from another thread is safe; {@code PoolStats} is immutable.
 */
package tcp.client.pool;
