package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class DerTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.113549.1.1.1", "1.2.840.10045.3.1.7", "2.5.29.37.0", "1.3.101.112",
        "2.999.1", "0.9.2342.19200300.100.1.25"})
    void objectIdentifiersRoundTrip(String oid) throws Der.DerException {
        assertEquals(oid, Der.parse(Der.oid(oid)).oid());
    }

    @Test
    void encodesTheKnownBytesOfRsaEncryption() {
        assertArrayEquals(new byte[] {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1},
                Der.oid("1.2.840.113549.1.1.1"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 65535, 65536, 70000})
    void lengthsOfEveryFormRoundTrip(int size) throws Der.DerException {
        byte[] content = new byte[size];
        java.util.Arrays.fill(content, (byte) 7);
        Der.Element e = Der.parse(Der.octetString(content));
        assertArrayEquals(content, e.octets());
    }

    @Test
    void readsNestedSequencesAndIntegers() throws Der.DerException {
        byte[] der = Der.sequence(Der.integer(-129), Der.sequence(Der.integer(BigInteger.TWO.pow(100))),
                Der.explicit(0, Der.nullValue()));
        List<Der.Element> fields = Der.parse(der).sequence();
        assertEquals(BigInteger.valueOf(-129), fields.get(0).integer());
        assertEquals(BigInteger.TWO.pow(100), fields.get(1).sequence().get(0).integer());
        assertTrue(fields.get(2).isContext(0));
        assertEquals(Der.NULL, fields.get(2).children().get(0).tag());
    }

    @Test
    void refusesMalformedEncodings() {
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[0]));
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[] {0x30}));
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[] {0x30, 0x05, 0x02, 0x01}));
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[] {0x30, (byte) 0x80, 0, 0}));
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[] {0x04, (byte) 0x81, 0x05, 1, 2, 3, 4, 5}));
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[] {0x05, 0x00, 0x05, 0x00}));
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[] {0x1F, 0x01, 0x00}));
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[] {0x06, 0x01, (byte) 0x81}).oid());
        assertThrows(Der.DerException.class, () -> Der.parse(new byte[] {0x02, 0x00}).integer());
        assertThrows(Der.DerException.class, () -> Der.parse(Der.integer(1)).sequence());
    }
}
