package tcp.client.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a byte count from 1 byte to 1 GiB: {@code 65536}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB}. */
final class ByteSizeConverter implements ITypeConverter<Long> {
    static final long MAX = 1L << 30;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*(b|k|kib|kb|m|mib|mb|g|gib|gb)?");

    @Override
    public Long convert(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a size: write 65536, 512KiB or 64MiB");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        long bytes = Long.parseLong(m.group(1)) << shift;
        if (bytes < 1 || bytes > MAX || Long.parseLong(m.group(1)) > (MAX >> shift)) {
            throw new TypeConversionException("'" + text + "' is out of range 1 byte to 1GiB");
        }
        return bytes;
    }

    /** Formats a byte count as {@code 64 MiB}, {@code 512 KiB} or {@code 100 bytes}. */
    static String format(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        return bytes + " bytes";
    }
}
