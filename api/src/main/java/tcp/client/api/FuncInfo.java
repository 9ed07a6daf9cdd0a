package tcp.client.api;

import java.net.SocketAddress;

/**
 * Receives the lifecycle events of a client's connections.
 *
 * <p>Called on the client's callback executor, never on the thread that did the I/O, one event at
 * a time and in the order the events happened. READ and WRITE events are handed to the executor
 * in batches, at most about a millisecond after they happened (a busy connection emits them on
 * every call, and waking a thread for each would cost more than the I/O); any other event is
 * handed over at once, after the READ and WRITE events before it. READ and WRITE events beyond the
 * client's bounded queue are dropped (and the drop is logged once); the other events are never
 * dropped. An exception thrown by the callback is logged and otherwise ignored.
 */
@FunctionalInterface
public interface FuncInfo {
    /**
     * Handles one event.
     *
     * @param local the connection's local address; null for {@link ConnState#DIAL}
     * @param remote the peer's resolved address, or for {@link ConnState#DIAL} the unresolved target
     * @param state what happened
     */
    void onInfo(SocketAddress local, SocketAddress remote, ConnState state);
}
