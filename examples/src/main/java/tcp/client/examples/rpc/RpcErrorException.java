package tcp.client.examples.rpc;

import java.io.IOException;

/** An {@code ERR} reply of the RPC server; the connection that carried it is still usable. */
public final class RpcErrorException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the server's message
     */
    public RpcErrorException(String message) {
        super(message);
    }
}
