package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProgressBarTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Stdio stdio(boolean interactive) {
        return new Stdio(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), interactive);
    }

    @Test
    void drawsInPlaceOnATerminalAndWipesItselfAtTheEnd() {
        try (ProgressBar bar = ProgressBar.start(stdio(true), "jdk", 4L << 20)) {
            bar.update(1L << 20);
            bar.update(1L << 20); // unchanged percentage: not redrawn
            bar.update(4L << 20);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        // Three draws (0%, 25%, 100%), each starting with a carriage return, then the wipe's two.
        assertEquals(5, text.chars().filter(c -> c == '\r').count(), text);
        assertTrue(text.contains(" 25%"), text);
        assertTrue(text.contains("100%"), text);
        assertTrue(text.endsWith("\r"), text);
        assertFalse(text.contains("\n"), text);
    }

    @Test
    void drawsNothingWithoutATerminal() {
        try (ProgressBar bar = ProgressBar.start(stdio(false), "jdk", 100)) {
            bar.update(50);
            bar.update(100);
        }
        assertEquals(0, err.size());
    }
}
