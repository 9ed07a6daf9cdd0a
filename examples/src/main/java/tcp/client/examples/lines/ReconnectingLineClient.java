package tcp.client.examples.lines;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tcp.client.api.ClientTCP;
import tcp.client.api.ReconnectPolicy;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FrameTooLongException;
import tcp.client.framing.FramedClient;

/**
 * A request/response client for a line protocol (one line out, one line back) that survives
 * server restarts: the client has a {@link ReconnectPolicy}, so a lost connection is dialed again
 * in the background, and {@link #request} sends a request again on the next connection when the
 * one it used ended before the answer. That is right for idempotent requests only (an echo, a
 * read); a protocol with side effects needs request ids or must report the failure instead.
 * One request at a time: {@code request} is synchronized.
 */
public final class ReconnectingLineClient implements Closeable {
    /** How often one request is sent at most: the first try and two after reconnections. */
    static final int TRIES = 3;

    private final FramedClient lines;
    private final Duration outage;

    private ReconnectingLineClient(FramedClient lines, Duration outage) {
        this.lines = lines;
        this.outage = outage;
    }

    /**
     * Connects to a line server.
     *
     * @param address {@code host:port}
     * @param outage how long one request waits at most for the connection to come back
     * @return the connected client
     * @throws IOException if the first connect failed (the first connect is not retried)
     */
    public static ReconnectingLineClient connect(String address, Duration outage) throws IOException {
        ClientTCP client = ClientTCP.builder(address)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                // 100 ms, 200 ms, ... at most 1 s between attempts; unlimited attempts until close().
                .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        FramedClient lines = FramedClient.of(client, FrameCodec.lines());
        try {
            client.connect();
        } catch (IOException e) {
            lines.close();
            throw e;
        }
        return new ReconnectingLineClient(lines, outage);
    }

    /**
     * Sends one line and returns the line that answers it, sending it again after a reconnection
     * if the connection ended first.
     *
     * @param line the request, without its newline
     * @return the answer, without its newline
     * @throws IOException if the answer did not come within {@link #TRIES} connections, or the
     *     connection did not come back within the outage limit
     * @throws InterruptedException if interrupted while waiting for the connection to come back
     */
    public synchronized String request(String line) throws IOException, InterruptedException {
        byte[] request = line.getBytes(StandardCharsets.UTF_8);
        IOException lost = null;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            if (attempt > 1 && !lines.client().awaitConnected(outage)) {
                IOException e = new IOException("no connection to the server within " + outage);
                e.addSuppressed(lost);
                throw e;
            }
            try {
                lines.writeFrame(request);
                byte[] answer = lines.readFrame();
                if (answer != null) {
                    return new String(answer, StandardCharsets.UTF_8);
                }
                // The server closed between two lines; the client is already dialing again.
                lost = new IOException("the server closed the connection before answering");
            } catch (FrameTooLongException | SocketTimeoutException e) {
                throw e; // the server misbehaved or is stuck: sending again would not help
            } catch (IOException e) {
                lost = e; // end of stream, reset, or no connection at the moment: try the next one
            }
        }
        throw lost;
    }

    /**
     * The client underneath, for its callbacks and state.
     *
     * @return the client
     */
    public ClientTCP client() {
        return lines.client();
    }

    /** Closes the connection and stops reconnecting. */
    @Override
    public void close() throws IOException {
        lines.close();
    }
}
