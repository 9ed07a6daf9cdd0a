package tcp.client.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * The standard streams a command works with; tests pass their own.
 *
 * @param in what {@code connect} and {@code once} send
 * @param out what they receive, and the demo's table
 * @param err messages, the TLS session and progress bars
 * @param interactive whether a person watches a terminal, so that a progress bar is drawn
 */
record Stdio(InputStream in, PrintStream out, PrintStream err, boolean interactive) {
    private static final System.Logger LOG = System.getLogger(Stdio.class.getName());

    Stdio {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** The process's own streams. */
    static Stdio system() {
        return new Stdio(System.in, System.out, System.err, isTerminal(System.console()));
    }

    /**
     * Whether the console is a terminal. Up to Java 21 {@code System.console()} is null unless
     * the JVM runs in one; from Java 22 it may be non-null while redirected, and
     * {@code Console.isTerminal()} (looked up reflectively: we compile for 17) tells.
     */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (IllegalAccessException | InvocationTargetException e) {
            LOG.log(System.Logger.Level.DEBUG, "Console.isTerminal() failed; assuming no terminal", e);
            return false;
        }
    }
}
