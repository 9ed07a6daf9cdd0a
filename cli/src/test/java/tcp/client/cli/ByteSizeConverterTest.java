package tcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine.TypeConversionException;

@Timeout(60)
class ByteSizeConverterTest {
    private final ByteSizeConverter converter = new ByteSizeConverter();

    @Test
    void readsBytesAndBinaryUnits() {
        assertEquals(65536L, converter.convert("65536"));
        assertEquals(512L * 1024, converter.convert("512KiB"));
        assertEquals(64L << 20, converter.convert("64MiB"));
        assertEquals(64L << 20, converter.convert("64m"));
        assertEquals(1L << 30, converter.convert("1GiB"));
    }

    @Test
    void rejectsZeroTooLargeAndGarbage() {
        assertThrows(TypeConversionException.class, () -> converter.convert("0"));
        assertThrows(TypeConversionException.class, () -> converter.convert("2GiB"));
        assertThrows(TypeConversionException.class, () -> converter.convert("64 lots"));
    }

    @Test
    void formatsWholeUnits() {
        assertEquals("64 MiB", ByteSizeConverter.format(64L << 20));
        assertEquals("512 KiB", ByteSizeConverter.format(512L << 10));
        assertEquals("100 bytes", ByteSizeConverter.format(100));
    }
}
