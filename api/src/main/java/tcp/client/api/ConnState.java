package tcp.client.api;

/**
 * The lifecycle events a client reports to its {@link FuncInfo} callback.
 *
 * <p>{@link #toString()} gives golib's texts, so logs read the same as the Go client's.
 */
public enum ConnState {
    /** A dial is about to start; the local address is null and the remote one is the target. */
    DIAL("Dial Connection"),
    /** A connection (and its TLS handshake, if any) has been established. */
    NEW("New Connection"),
    /** A read is about to start on the connection. */
    READ("Read Incoming Stream"),
    /** The incoming side was closed; golib defines it, this client does not emit it. */
    CLOSE_READ("Close Incoming Stream"),
    /** A handler ran; golib defines it, this client does not emit it. */
    HANDLER("Run HandlerFunc"),
    /** A write is about to start on the connection. */
    WRITE("Write Outgoing Stream"),
    /** The outgoing side was shut down by {@link ClientTCP#shutdownOutput()}. */
    CLOSE_WRITE("Close Outgoing Stream"),
    /** The connection was closed, locally or because a new connect replaced it. */
    CLOSE("Close Connection");

    private final String text;

    ConnState(String text) {
        this.text = text;
    }

    /** Returns golib's text for this state, for example {@code "New Connection"}. */
    @Override
    public String toString() {
        return text;
    }
}
