package tcp.client.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One in-process run of {@code tcpc} with captured streams.
 *
 * @param status the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CommandRun(int status, String out, String err) {

    static CommandRun of(String... args) {
        return withInput("", args);
    }

    static CommandRun withInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Stdio stdio = new Stdio(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, false);
            int status = Main.run(stdio, args);
            o.flush();
            e.flush();
            return new CommandRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }

    List<String> outLines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
    }

    @Override
    public String toString() {
        return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
