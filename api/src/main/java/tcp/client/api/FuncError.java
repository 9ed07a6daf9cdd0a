package tcp.client.api;

/**
 * Receives the failures of a client: each failed connect, read, write or {@code once} is reported
 * exactly once, with the same instance that was thrown to the caller.
 *
 * <p>Called on the client's callback executor, never on the thread that did the I/O, one event at
 * a time and in the order the failures happened. An exception thrown by the callback is logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface FuncError {
    /**
     * Handles failures; this client always passes exactly one non-null error.
     *
     * @param errors the failure (the parameter is variadic only to match golib's signature)
     */
    void onError(Throwable... errors);
}
