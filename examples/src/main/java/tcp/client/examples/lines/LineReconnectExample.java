package tcp.client.examples.lines;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tcp.client.api.ConnState;

/**
 * Sends each line of standard input to a line server and prints its answer, surviving restarts of
 * the server: stop it and start it again on the same port, and the next line goes through.
 *
 * <pre>LineReconnectExample HOST:PORT        (e.g. against socat TCP-LISTEN:7000,reuseaddr,fork EXEC:cat)</pre>
 */
public final class LineReconnectExample {
    private LineReconnectExample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LineReconnectExample HOST:PORT   (then type lines)");
            System.exit(2);
        }
        run(args[0], new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out,
                System.err);
    }

    /**
     * Runs the example until {@code in} ends.
     *
     * @param address the line server, {@code host:port}
     * @param in the requests, one per line
     * @param out where each answer goes
     * @param log where connection events go
     * @throws Exception if the server could not be reached, or stayed away for more than 30 s
     */
    static void run(String address, BufferedReader in, PrintStream out, PrintStream log) throws Exception {
        try (ReconnectingLineClient client = ReconnectingLineClient.connect(address, Duration.ofSeconds(30))) {
            client.client().registerFuncInfo((local, remote, state) -> {
                if (state == ConnState.NEW || state == ConnState.CLOSE) {
                    log.println("[" + state + " " + remote + "]");
                }
            });
            client.client().registerFuncError(errors -> log.println("[error: " + errors[0] + "]"));
            for (String line; (line = in.readLine()) != null; ) {
                out.println(client.request(line));
            }
        }
    }
}
