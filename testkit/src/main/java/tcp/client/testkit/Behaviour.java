package tcp.client.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link TestServer} does with each accepted connection (for TLS, after the handshake).
 *
 * <p>The built-in behaviours are the conformance fixtures; {@link #of(String, Handler)} wraps custom
 * code. Behaviours that close first do a lingering close: they close their output (FIN, or
 * close_notify over TLS), then drain the input for up to one second, so that unread client bytes do
 * not turn the close into a reset. {@link #CLOSER} and {@link #RESETTER} deliberately do not.
 *
 * <p>Immutable and thread-safe; one behaviour serves many connections concurrently.
 */
public final class Behaviour {

    /** How a behaviour runs, reporting how the connection ended. */
    @FunctionalInterface
    interface Script {
        Ending run(ServerConnection connection) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(Behaviour.class.getName());
    private static final Duration LINGER = Duration.ofSeconds(1);
    private static final int BUFFER = 16 * 1024;

    /** Echoes everything until the client closes, then closes. */
    public static final Behaviour ECHO = new Behaviour("ECHO", Behaviour::echo);

    /** Reads until the first {@code '\n'}, echoes everything it read, then closes. */
    public static final Behaviour LINE1 = new Behaviour("LINE1", Behaviour::line1);

    /** Closes each connection as soon as it is accepted (FIN; for TLS, right after the handshake). */
    public static final Behaviour CLOSER = new Behaviour("CLOSER", c -> Ending.SERVER_CLOSED);

    /**
     * Reads one byte, then closes with SO_LINGER 0, so the client gets a reset (RST). Over TLS the
     * raw socket is reset after one byte of application data, without close_notify.
     */
    public static final Behaviour RESETTER = new Behaviour("RESETTER", Behaviour::resetter);

    /** Reads and discards everything; never writes. Ends when the client closes. */
    public static final Behaviour SILENT = new Behaviour("SILENT", Behaviour::silent);

    /**
     * Never reads and never writes, so a writing client fills the buffers and blocks
     * (backpressure). Holds the connection open until the server is closed.
     */
    public static final Behaviour STALL = new Behaviour("STALL", Behaviour::stall);

    /**
     * Echoes until the client's end of stream (half-close), then sends {@code bye} and closes. Over
     * TLS 1.2, which cannot half-close, the engine closes its output when the client's close_notify
     * arrives, so {@code bye} is not sent; the ending is still {@link Ending#CLOSE_NOTIFY}.
     */
    public static final Behaviour HALF_CLOSE_ECHO = new Behaviour("HALF_CLOSE_ECHO", Behaviour::halfCloseEcho);

    /**
     * A minimal HTTP/1.0 responder: reads the request head and answers {@code 200 OK} with a small
     * HTML body, {@code Content-Length} and {@code Connection: close}, then closes.
     */
    public static final Behaviour HTTP = new Behaviour("HTTP", Behaviour::http);

    /** Sends {@code bye}, then closes; the same as {@code sendThenClose("bye")}. */
    public static final Behaviour SEND_THEN_CLOSE = sendThenClose("bye");

    /**
     * Echoes the first read, then writes an application-data record with a bogus payload on the raw
     * socket, under the TLS layer: the client's TLS layer fails its integrity check and ends the
     * connection with a fatal {@code bad_record_mac} alert. Then reads the raw socket until the
     * client closes. For TLS servers only.
     */
    public static final Behaviour CORRUPT_RECORD = new Behaviour("CORRUPT_RECORD", Behaviour::corruptRecord);

    /** The body {@link #HTTP} sends. */
    public static final String HTTP_BODY = "<html><body><h1>testkit</h1></body></html>\n";

    private final String name;
    private final Script script;

    private Behaviour(String name, Script script) {
        this.name = name;
        this.script = script;
    }

    /**
     * Sends {@code text} (UTF-8) as soon as the connection is up, then closes.
     *
     * @param text what to send
     * @return the behaviour
     */
    public static Behaviour sendThenClose(String text) {
        byte[] bytes = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
        return new Behaviour("SEND_THEN_CLOSE(\"" + text + "\")", c -> {
            c.write(bytes);
            c.closeOutputAndDrain(LINGER);
            return Ending.SERVER_CLOSED;
        });
    }

    /**
     * A custom behaviour. When the handler returns the server closes the socket and records
     * {@link Ending#SERVER_CLOSED}; an exception is recorded as its ending.
     *
     * @param name a name for messages and thread names
     * @param handler the code to run per connection
     * @return the behaviour
     */
    public static Behaviour of(String name, Handler handler) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        return new Behaviour(name, c -> {
            handler.handle(c.app());
            return Ending.SERVER_CLOSED;
        });
    }

    /**
     * The behaviour's name, e.g. {@code ECHO}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    Script script() {
        return script;
    }

    @Override
    public String toString() {
        return name;
    }

    private static Ending corruptRecord(ServerConnection c) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n = c.input().read(buffer);
        if (n < 0) {
            return c.endOfStream();
        }
        c.write(buffer, 0, n);
        // TLS 1.2/1.3 application_data (23), legacy version 3.3, 32 bytes that no key authenticates.
        byte[] record = new byte[5 + 32];
        record[0] = 23;
        record[1] = 3;
        record[2] = 3;
        record[4] = 32;
        Arrays.fill(record, 5, record.length, (byte) 0x5a);
        c.raw().getOutputStream().write(record);
        c.raw().getOutputStream().flush();
        c.raw().setSoTimeout((int) LINGER.multipliedBy(5).toMillis());
        try {
            InputStream raw = c.tappedRawInput();
            while (raw.read(buffer) >= 0) {
                // the client's alert, then its end of stream
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "CORRUPT_RECORD: the client went with a failure", e);
        }
        return Ending.SERVER_CLOSED;
    }

    private static Ending echo(ServerConnection c) throws IOException {
        InputStream in = c.input();
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            c.write(buffer, 0, n);
        }
        return c.endOfStream();
    }

    private static Ending line1(ServerConnection c) throws IOException {
        InputStream in = c.input();
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            c.write(buffer, 0, n);
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    c.closeOutputAndDrain(LINGER);
                    return Ending.SERVER_CLOSED;
                }
            }
        }
        return c.endOfStream();
    }

    private static Ending resetter(ServerConnection c) throws IOException {
        if (c.input().read() < 0) {
            return c.endOfStream();
        }
        c.reset();
        return Ending.SERVER_CLOSED;
    }

    private static Ending silent(ServerConnection c) throws IOException {
        InputStream in = c.input();
        byte[] buffer = new byte[BUFFER];
        while (in.read(buffer) >= 0) {
            // discard
        }
        return c.endOfStream();
    }

    private static Ending stall(ServerConnection c) throws IOException {
        c.awaitServerClosing();
        return Ending.SHUTDOWN;
    }

    private static Ending halfCloseEcho(ServerConnection c) throws IOException {
        Ending ending = echo(c);
        try {
            c.write("bye".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            if (!c.isTls()) {
                throw e;
            }
            // TLS before 1.3 cannot half-close: the engine answered the client's close_notify with
            // its own and closed the output. The client's close is still what ended the connection.
            LOG.log(System.Logger.Level.DEBUG, "cannot send bye after the client's close_notify", e);
        }
        return ending;
    }

    private static Ending http(ServerConnection c) throws IOException {
        InputStream in = c.input();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        for (int b; head.size() < 64 * 1024 && (b = in.read()) >= 0; ) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a || (last4 & 0xffff) == 0x0a0a) {
                break;
            }
        }
        byte[] body = HTTP_BODY.getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.0 200 OK\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        c.write(out.toByteArray());
        c.closeOutputAndDrain(LINGER);
        return Ending.SERVER_CLOSED;
    }
}
