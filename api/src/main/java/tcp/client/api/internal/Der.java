package tcp.client.api.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal DER reader and writer, just enough for the key formats {@link PemReader} converts
 * (SEC1 and PKCS#1 into PKCS#8) and for the few certificate fields {@link CertificatePolicy}
 * looks into.
 *
 * <p>Why our own: the JDK's DER classes live in {@code sun.security.util}, which a module may not
 * read, and the SDK takes no third-party dependency. Only the definite-length, single-byte-tag
 * subset of DER is supported; that is all X.509 and the key formats use.
 *
 * <p>Stateless and thread-safe.
 */
final class Der {
    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int UTF8_STRING = 0x0C;
    static final int IA5_STRING = 0x16;
    static final int UTC_TIME = 0x17;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    /** Refuse absurd lengths early: no key or certificate field comes near 16 MiB. */
    private static final int MAX_LENGTH = 1 << 24;

    private Der() {
    }

    /** Thrown when bytes are not well-formed DER; the message says what is wrong and where. */
    static final class DerException extends Exception {
        private static final long serialVersionUID = 1L;

        DerException(String message) {
            super(message);
        }
    }

    /**
     * One decoded element. It keeps a reference to the buffer it was read from, so reading
     * nested structures copies nothing until {@link #content()} or {@link #encoded()} is called.
     */
    static final class Element {
        private final byte[] buffer;
        private final int start;
        private final int contentStart;
        private final int end;
        private final int tag;

        private Element(byte[] buffer, int start, int contentStart, int end, int tag) {
            this.buffer = buffer;
            this.start = start;
            this.contentStart = contentStart;
            this.end = end;
            this.tag = tag;
        }

        /** The identifier octet, for example {@link Der#SEQUENCE} or {@code 0xA0} for [0]. */
        int tag() {
            return tag;
        }

        /** Whether the tag is the constructed context-specific tag {@code [n]}. */
        boolean isContext(int n) {
            return tag == (0xA0 | n);
        }

        /** A copy of the content octets. */
        byte[] content() {
            return Arrays.copyOfRange(buffer, contentStart, end);
        }

        /** A copy of the whole encoding: tag, length and content. */
        byte[] encoded() {
            return Arrays.copyOfRange(buffer, start, end);
        }

        /** The content read as a series of elements, for SEQUENCE, SET and constructed tags. */
        List<Element> children() throws DerException {
            return readAll(buffer, contentStart, end);
        }

        /** The children of a SEQUENCE; fails when this element is something else. */
        List<Element> sequence() throws DerException {
            expect(SEQUENCE);
            return children();
        }

        /** The value of an INTEGER. */
        BigInteger integer() throws DerException {
            expect(INTEGER);
            if (end == contentStart) {
                throw new DerException("empty INTEGER at offset " + start);
            }
            return new BigInteger(content());
        }

        /** The dotted form of an OBJECT IDENTIFIER, such as {@code 1.2.840.10045.2.1}. */
        String oid() throws DerException {
            expect(OBJECT_IDENTIFIER);
            return oidToString(content(), start);
        }

        /** The octets of an OCTET STRING. */
        byte[] octets() throws DerException {
            expect(OCTET_STRING);
            return content();
        }

        void expect(int expectedTag) throws DerException {
            if (tag != expectedTag) {
                throw new DerException(String.format("expected %s at offset %d, found tag 0x%02X",
                        tagName(expectedTag), start, tag));
            }
        }
    }

    /**
     * Reads exactly one element that spans the whole array.
     *
     * @throws DerException if the bytes are not one well-formed element, or trailing bytes follow
     */
    static Element parse(byte[] der) throws DerException {
        List<Element> all = readAll(der, 0, der.length);
        if (all.size() != 1) {
            throw new DerException(all.isEmpty() ? "no data"
                    : "trailing data after the first element at offset " + all.get(0).end);
        }
        return all.get(0);
    }

    private static List<Element> readAll(byte[] buf, int from, int to) throws DerException {
        List<Element> out = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            Element e = readOne(buf, pos, to);
            out.add(e);
            pos = e.end;
        }
        return out;
    }

    private static Element readOne(byte[] buf, int pos, int limit) throws DerException {
        int start = pos;
        int tag = buf[pos++] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new DerException("multi-byte tag at offset " + start + " is not supported");
        }
        if (pos >= limit) {
            throw new DerException("missing length at offset " + pos);
        }
        int first = buf[pos++] & 0xFF;
        int length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw new DerException("indefinite length at offset " + (pos - 1) + " is not DER");
        } else {
            int n = first & 0x7F;
            if (n > 3) {
                throw new DerException("length of " + n + " octets at offset " + (pos - 1) + " is too long");
            }
            if (pos + n > limit) {
                throw new DerException("length runs past the end at offset " + (pos - 1));
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (buf[pos++] & 0xFF);
            }
            if (length < 0x80 || length > MAX_LENGTH) {
                throw new DerException("non-minimal or oversized length " + length + " at offset " + start);
            }
        }
        if (length > limit - pos) {
            throw new DerException("element at offset " + start + " declares " + length
                    + " bytes but only " + (limit - pos) + " remain");
        }
        return new Element(buf, start, pos, pos + length, tag);
    }

    private static String oidToString(byte[] c, int offset) throws DerException {
        if (c.length == 0 || (c[c.length - 1] & 0x80) != 0) {
            throw new DerException("malformed OBJECT IDENTIFIER at offset " + offset);
        }
        StringBuilder sb = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : c) {
            if (value > (Long.MAX_VALUE >>> 7)) {
                throw new DerException("OBJECT IDENTIFIER arc too large at offset " + offset);
            }
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = Math.min(value / 40, 2);
                    sb.append(top).append('.').append(value - 40 * top);
                    first = false;
                } else {
                    sb.append('.').append(value);
                }
                value = 0;
            }
        }
        return sb.toString();
    }

    private static String tagName(int tag) {
        switch (tag) {
            case INTEGER: return "INTEGER";
            case BIT_STRING: return "BIT STRING";
            case OCTET_STRING: return "OCTET STRING";
            case NULL: return "NULL";
            case OBJECT_IDENTIFIER: return "OBJECT IDENTIFIER";
            case SEQUENCE: return "SEQUENCE";
            default: return String.format("tag 0x%02X", tag);
        }
    }

    // ---- writer ----

    /** Encodes a tag with the concatenation of {@code parts} as its content. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int len = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return encode(SEQUENCE, parts);
    }

    /** The explicit, constructed context tag {@code [n]} around {@code parts}. */
    static byte[] explicit(int n, byte[]... parts) {
        return encode(0xA0 | n, parts);
    }

    static byte[] integer(BigInteger value) {
        return encode(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] octetString(byte[] value) {
        return encode(OCTET_STRING, value);
    }

    /** A BIT STRING of whole octets (no unused bits). */
    static byte[] bitString(byte[] value) {
        return encode(BIT_STRING, new byte[] {0}, value);
    }

    static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    /** Encodes a dotted OBJECT IDENTIFIER such as {@code 1.2.840.113549.1.1.1}. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.", -1);
        if (arcs.length < 2) {
            throw new IllegalArgumentException("OID needs at least two arcs: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(out, Long.parseLong(arcs[i]));
        }
        return encode(OBJECT_IDENTIFIER, out.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative OID arc " + value);
        }
        int groups = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) ((value >>> (7 * g)) & 0x7F);
            out.write(g == 0 ? b : b | 0x80);
        }
    }
}
