package tcp.client.pool;

/**
 * A snapshot of a {@link ClientPool}'s counters, taken under its lock so the numbers agree with
 * each other: {@code open == idle + leased}.
 *
 * @param open connected clients the pool owns, idle or leased (dials under way not included)
 * @param idle connected clients waiting to be borrowed
 * @param leased clients currently lent out
 * @param waiting threads blocked in {@link ClientPool#borrow()}
 * @param created clients the pool has connected since it was built
 * @param closed clients the pool has closed since it was built
 */
public record PoolStats(int open, int idle, int leased, int waiting, long created, long closed) { }
