package tcp.client.examples.rpc;

import java.io.PrintStream;

/**
 * Calls each method of the RPC server once, and one that does not exist.
 *
 * <pre>RpcExample HOST:PORT        (start the server with: RpcServer PORT)</pre>
 */
public final class RpcExample {
    private RpcExample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RpcExample HOST:PORT");
            System.exit(2);
        }
        run(args[0], System.out);
    }

    /**
     * Runs the calls against the server at {@code address}.
     *
     * @param address {@code host:port}
     * @param out where each call and its result go
     * @throws Exception if the connection failed
     */
    static void run(String address, PrintStream out) throws Exception {
        try (RpcClient rpc = RpcClient.connect(address)) {
            out.println("connected via " + rpc.client().transport());
            out.println("echo hello      -> " + rpc.call("echo", "hello"));
            out.println("upper tcp       -> " + rpc.call("upper", "tcp"));
            out.println("sum 1 2 3 4     -> " + rpc.call("sum", "1 2 3 4"));
            out.println("echo 100000 B   -> " + rpc.call("echo", "x".repeat(100_000)).length() + " B back");
            try {
                rpc.call("divide", "1 0");
            } catch (RpcErrorException e) {
                out.println("divide 1 0      -> error: " + e.getMessage());
            }
        }
    }
}
