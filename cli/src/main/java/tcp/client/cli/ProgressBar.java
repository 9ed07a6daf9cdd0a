package tcp.client.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place on stderr, drawn only when a person watches a
 * terminal; otherwise every call does nothing. Used by one thread.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean enabled;
    private final String label;
    private final long total;
    private int drawn = -1;
    private int lineLength;

    private ProgressBar(PrintStream err, boolean enabled, String label, long total) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.total = Math.max(1, total);
    }

    /** A bar for {@code total} units, or one that draws nothing when {@code io} is not interactive. */
    static ProgressBar start(Stdio io, String label, long total) {
        ProgressBar bar = new ProgressBar(io.err(), io.interactive(), label, total);
        bar.update(0);
        return bar;
    }

    /** Redraws when the percentage changed, so at most about a hundred times. */
    void update(long done) {
        if (!enabled) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent == drawn) {
            return;
        }
        drawn = percent;
        int filled = percent * WIDTH / 100;
        String line = String.format(Locale.ROOT, "\r%-10s [%s%s] %3d%% %6.1f/%.1f MiB", label,
                "#".repeat(filled), "-".repeat(WIDTH - filled), percent,
                done / 1048576.0, total / 1048576.0);
        lineLength = line.length() - 1;
        err.print(line);
        err.flush();
    }

    /** Wipes the bar so that what follows starts on a clean line. */
    @Override
    public void close() {
        if (enabled && drawn >= 0) {
            err.print("\r" + " ".repeat(lineLength) + "\r");
            err.flush();
        }
    }
}
