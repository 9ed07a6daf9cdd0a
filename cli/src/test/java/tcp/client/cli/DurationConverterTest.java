package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

@Timeout(60)
class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsGoStyleDurations() {
        assertEquals(Duration.ofSeconds(5), converter.convert("5s"));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofSeconds(90), converter.convert("1m30s"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5s"));
        assertEquals(Duration.ofHours(1), converter.convert("1h"));
        assertEquals(Duration.ofNanos(250_000), converter.convert("250us"));
    }

    @Test
    void readsIso8601Durations() {
        assertEquals(Duration.ofSeconds(5), converter.convert("PT5S"));
        assertEquals(Duration.ofMillis(500), converter.convert("pt0.5s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5x", "s", "-5s", "5 s", "PT", "1m30", "ms5"})
    void rejectsWhatIsNoDuration(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "PT0S", "PT-5S"})
    void rejectsZeroAndNegative(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));
        assertTrue(e.getMessage().contains("not positive"), e.getMessage());
    }
}
