package tcp.client.examples.rpc;

import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tcp.client.api.ClientTCP;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;

/**
 * A client of a small RPC protocol over length-prefixed frames: each request and each reply is
 * one frame, a 4-byte big-endian length then that many bytes of UTF-8. A request is
 * {@code METHOD ARGUMENT}; the reply is {@code OK RESULT} or {@code ERR MESSAGE}. One call at a
 * time ({@link #call} is synchronized); the protocol allows nothing else, since replies carry no id.
 * {@link RpcServer} is a server for it.
 */
public final class RpcClient implements Closeable {
    /** The protocol's largest frame, either way: 1 MiB. */
    public static final int MAX_FRAME = 1 << 20;

    /** Four-byte big-endian lengths that count the payload only, as {@link RpcServer} reads them. */
    static final FrameCodec CODEC = FrameCodec.lengthPrefixed(4, ByteOrder.BIG_ENDIAN, MAX_FRAME);

    private final FramedClient frames;

    private RpcClient(FramedClient frames) {
        this.frames = frames;
    }

    /**
     * Connects to an RPC server.
     *
     * @param address {@code host:port}
     * @return the connected client
     * @throws IOException if the connection failed
     */
    public static RpcClient connect(String address) throws IOException {
        ClientTCP client = ClientTCP.builder(address)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))   // a reply that does not come is an error, not a hang
                .build();
        FramedClient frames = FramedClient.of(client, CODEC);
        try {
            client.connect();
        } catch (IOException e) {
            frames.close();
            throw e;
        }
        return new RpcClient(frames);
    }

    /**
     * Calls {@code method} with {@code argument}.
     *
     * @param method the method's name, without spaces
     * @param argument its argument, possibly empty
     * @return the result
     * @throws RpcErrorException if the server answered {@code ERR}; the connection stays usable
     * @throws IOException if the connection failed or the server closed it
     */
    public synchronized String call(String method, String argument) throws IOException {
        if (method.isEmpty() || method.contains(" ")) {
            throw new IllegalArgumentException("invalid method name \"" + method + "\"");
        }
        frames.writeFrame((method + " " + argument).getBytes(StandardCharsets.UTF_8));
        byte[] reply = frames.readFrame();
        if (reply == null) {
            throw new ProtocolException("the server closed the connection before replying to " + method);
        }
        String text = new String(reply, StandardCharsets.UTF_8);
        if (text.startsWith("OK ")) {
            return text.substring(3);
        }
        if (text.startsWith("ERR ")) {
            throw new RpcErrorException(text.substring(4));
        }
        throw new ProtocolException("not a reply of this protocol: \"" + text + "\"");
    }

    /**
     * The client underneath, for its state.
     *
     * @return the client
     */
    public ClientTCP client() {
        return frames.client();
    }

    /** Closes the connection. */
    @Override
    public void close() throws IOException {
        frames.close();
    }
}
