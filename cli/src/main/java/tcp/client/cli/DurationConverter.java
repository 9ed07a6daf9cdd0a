package tcp.client.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a positive duration written as Go writes them ({@code 5s}, {@code 500ms}, {@code 2m},
 * {@code 1m30s}, {@code 1.5s}; units ns, us, ms, s, m, h) or in ISO-8601 ({@code PT5S}).
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        Duration d = parse(text);
        if (d.isZero() || d.isNegative()) {
            throw new TypeConversionException("'" + text + "' is not positive");
        }
        return d;
    }

    /**
     * Parses the text.
     *
     * @throws TypeConversionException naming the text and the accepted forms
     */
    static Duration parse(String text) {
        String t = text.strip();
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (t.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(t);
        int at = 0;
        while (at < t.length()) {
            m.region(at, t.length());
            if (!m.lookingAt()) {
                throw invalid(text);
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            at = m.end();
        }
        try {
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is too long");
        }
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a duration: write 5s, 500ms, 2m, 1m30s or PT5S");
    }
}
