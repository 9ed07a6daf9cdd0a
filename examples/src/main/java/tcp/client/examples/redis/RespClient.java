package tcp.client.examples.redis;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tcp.client.api.ClientTCP;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;
import tcp.client.pool.ClientPool;

/**
 * A minimal Redis client speaking RESP2 over a {@link ClientPool}: each {@link #call} borrows a
 * connection, writes the command as one RESP array (one write to the socket), reads the whole
 * reply and gives the connection back. Thread-safe: concurrent calls use different connections,
 * at most the pool's {@code maxSize}.
 *
 * <p>RESP lines end with {@code "\r\n"}, so the frames are {@code "\r\n"}-delimited. A bulk string
 * may itself contain {@code "\r\n"}: its pieces are joined back until its announced length is read.
 * An argument may not contain {@code "\r\n"}: the codec refuses it with an
 * {@code IllegalArgumentException} before anything is written.
 */
public final class RespClient implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final FrameCodec RESP = FrameCodec.delimited(CRLF, 1 << 20);

    private final ClientPool pool;

    /**
     * A client over {@code pool}, which it closes on {@link #close()}.
     *
     * @param pool a pool of clients connected to one Redis server
     */
    public RespClient(ClientPool pool) {
        this.pool = pool;
    }

    /**
     * Runs one command.
     *
     * @param command the command and its arguments, e.g. {@code "SET", "key", "value"}
     * @return the reply: a {@code String} (simple or bulk string), a {@code Long} (integer),
     *     {@code null} (null bulk string) or a {@code List} of these (array)
     * @throws RespErrorException if Redis answered with an error; the connection is fine and pooled
     * @throws IOException if the connection failed or the reply was malformed; that connection is
     *     closed, not pooled, since it may be out of step with its replies
     */
    public Object call(String... command) throws IOException {
        try (ClientPool.Lease lease = pool.borrow()) {
            // A FramedClient is cheap, and holds nothing between calls: each reply is read whole.
            FramedClient resp = FramedClient.of(lease.client(), RESP);
            try {
                resp.writeFrames(encode(command));
                return read(resp);
            } catch (RespErrorException | IllegalArgumentException e) {
                // A reply read whole, or a command refused before anything was written: in step.
                throw e;
            } catch (IOException | RuntimeException e) {
                lease.invalidate();
                throw e;
            }
        }
    }

    /**
     * The pool's transport and TLS session, for display.
     *
     * @return e.g. {@code "conscrypt TLSv1.3 TLS_AES_256_GCM_SHA384"}
     * @throws IOException if no connection could be borrowed
     */
    public String session() throws IOException {
        try (ClientPool.Lease lease = pool.borrow()) {
            ClientTCP client = lease.client();
            return client.transport() + client.tlsSession()
                    .map(tls -> " " + tls.protocol() + " " + tls.cipherSuite())
                    .orElse(" plain TCP");
        }
    }

    /** Closes the pool and its connections. */
    @Override
    public void close() {
        pool.close();
    }

    private static List<byte[]> encode(String... command) {
        List<byte[]> frames = new ArrayList<>(1 + 2 * command.length);
        frames.add(ascii("*" + command.length));
        for (String argument : command) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            frames.add(ascii("$" + bytes.length));
            frames.add(bytes);
        }
        return frames;
    }

    private static Object read(FramedClient resp) throws IOException {
        byte[] line = resp.readFrame();
        if (line == null) {
            throw new ProtocolException("the server closed the connection before replying");
        }
        if (line.length == 0) {
            throw new ProtocolException("empty reply line");
        }
        String rest = new String(line, 1, line.length - 1, StandardCharsets.UTF_8);
        switch (line[0]) {
            case '+':
                return rest;
            case '-':
                throw new RespErrorException(rest);
            case ':':
                return Long.parseLong(rest);
            case '$':
                return bulk(resp, Integer.parseInt(rest));
            case '*':
                int count = Integer.parseInt(rest);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(resp));
                }
                return items;
            default:
                throw new ProtocolException("not a RESP reply: " + Arrays.toString(line));
        }
    }

    private static String bulk(FramedClient resp, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] value = new byte[length];
        int filled = 0;
        while (true) {
            byte[] piece = resp.readFrame();
            if (piece == null || filled + piece.length > length) {
                throw new ProtocolException("bulk string of " + length + " bytes cut short or overlong");
            }
            System.arraycopy(piece, 0, value, filled, piece.length);
            filled += piece.length;
            if (filled == length) {
                return new String(value, StandardCharsets.UTF_8);
            }
            // The value itself held "\r\n": put it back and read on (bounded by length).
            if (filled + CRLF.length > length) {
                throw new ProtocolException("bulk string of " + length + " bytes overlong");
            }
            System.arraycopy(CRLF, 0, value, filled, CRLF.length);
            filled += CRLF.length;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
