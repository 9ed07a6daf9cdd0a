package tcp.client.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.examples.lines.SocatEchoServer;

/**
 * The README's quick start is this module's {@code QuickStart.java}, character for character: the
 * build compiles it, this test runs it against a real echo server and checks the README shows it
 * as it is.
 */
@Timeout(30)
class QuickStartTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src/main/java/tcp/client/examples/quickstart/QuickStart.java");

    @Test
    void readmeQuickStartIsTheCompiledSource() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher section = Pattern.compile("(?s)\n## Quick start\n(.*?)\n## ").matcher(readme);
        assertTrue(section.find(), "README.md has a \"## Quick start\" section");
        List<String> blocks = javaBlocks(section.group(1));
        String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
        assertTrue(blocks.contains(source), "the quick start's java block is " + SOURCE
                + " exactly; copy the file into README.md again. Blocks found: " + blocks.size());
    }

    @Test
    void quickStartPrintsTheEchoAndTheTransport() throws Exception {
        try (SocatEchoServer echo = SocatEchoServer.start()) {
            PrintStream stdout = System.out;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            try {
                QuickStart.main(new String[] {echo.address()});
            } finally {
                System.setOut(stdout);
            }
            // All three transports are on the test path: conscrypt has the highest priority.
            assertEquals("hello (via conscrypt)", bytes.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static List<String> javaBlocks(String markdown) {
        Matcher m = Pattern.compile("(?s)```java\n(.*?)```").matcher(markdown);
        List<String> blocks = new java.util.ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }
}
