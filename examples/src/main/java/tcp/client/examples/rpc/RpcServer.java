package tcp.client.examples.rpc;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server side of {@link RpcClient}'s protocol, with plain {@code java.net} sockets: methods
 * {@code echo}, {@code upper} and {@code sum} (of integers separated by spaces). It listens on the
 * loopback address only, one thread per connection. Not part of the SDK: it is here so that the
 * example has something to talk to.
 *
 * <pre>RpcServer PORT</pre>
 */
public final class RpcServer implements Closeable {
    private final ServerSocket listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private RpcServer(ServerSocket listener) {
        this.listener = listener;
        this.acceptor = new Thread(this::accept, "rpc-server-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a server on the loopback address.
     *
     * @param port the port, or 0 for a free one
     * @return the running server
     * @throws IOException if the port could not be bound
     */
    public static RpcServer start(int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        RpcServer server = new RpcServer(listener);
        server.acceptor.start();
        return server;
    }

    /**
     * The bound address.
     *
     * @return {@code 127.0.0.1:port}
     */
    public String address() {
        return listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : connections) {
            s.close();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: RpcServer PORT");
            System.exit(2);
        }
        RpcServer server = start(Integer.parseInt(args[0]));
        System.out.println("rpc server listening on " + server.address() + " (Ctrl-C stops it)");
        server.acceptor.join();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "rpc-server-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.getLogger(RpcServer.class.getName()).log(System.Logger.Level.WARNING, "accept failed", e);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return; // the client closed between two requests
                }
                if (length < 0 || length > RpcClient.MAX_FRAME) {
                    return; // not this protocol: drop the connection
                }
                byte[] request = in.readNBytes(length);
                if (request.length < length) {
                    return;
                }
                byte[] reply = answer(new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                out.writeInt(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            System.getLogger(RpcServer.class.getName()).log(System.Logger.Level.DEBUG, "connection ended", e);
        } finally {
            connections.remove(s);
        }
    }

    static String answer(String request) {
        int space = request.indexOf(' ');
        String method = space < 0 ? request : request.substring(0, space);
        String argument = space < 0 ? "" : request.substring(space + 1);
        switch (method) {
            case "echo":
                return "OK " + argument;
            case "upper":
                return "OK " + argument.toUpperCase(Locale.ROOT);
            case "sum":
                try {
                    long sum = 0;
                    for (String n : argument.trim().split(" +")) {
                        sum = Math.addExact(sum, Long.parseLong(n));
                    }
                    return "OK " + sum;
                } catch (NumberFormatException | ArithmeticException e) {
                    return "ERR sum wants integers: " + e.getMessage();
                }
            default:
                return "ERR unknown method \"" + method + "\"";
        }
    }
}
