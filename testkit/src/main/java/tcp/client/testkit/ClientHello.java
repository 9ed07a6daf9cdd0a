package tcp.client.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a TLS ClientHello that client tests assert on, as parsed by {@link ClientHelloProbe}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serverName the SNI host name, or an empty string when the hello carried none
 * @param applicationProtocols the ALPN protocol ids offered, in order; empty without ALPN
 * @param supportedGroups the supported_groups entries by name ({@code x25519}, {@code secp256r1},
 *     ...; unknown code points as {@code 0x%04x}); empty without the extension
 * @param supportedGroupCodes the same groups as code points
 * @param sessionTicket whether the session_ticket extension (35) is present
 * @param cipherSuites the offered cipher suite code points, in order (GREASE values included)
 * @param supportedVersions the supported_versions entries by name ({@code TLSv1.3}, ...); empty
 *     without the extension
 * @param legacyVersion the ClientHello's legacy_version field by name (TLS 1.3 clients say
 *     {@code TLSv1.2})
 * @param extensionTypes the extension type code points in the order sent
 */
public record ClientHello(
        String serverName,
        List<String> applicationProtocols,
        List<String> supportedGroups,
        List<Integer> supportedGroupCodes,
        boolean sessionTicket,
        List<Integer> cipherSuites,
        List<String> supportedVersions,
        String legacyVersion,
        List<Integer> extensionTypes) {

    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_SUPPORTED_GROUPS = 10;
    private static final int EXT_ALPN = 16;
    private static final int EXT_SESSION_TICKET = 35;
    private static final int EXT_SUPPORTED_VERSIONS = 43;
    private static final int MAX_HELLO = 64 * 1024;

    private static final Map<Integer, String> GROUPS = Map.ofEntries(
            Map.entry(23, "secp256r1"), Map.entry(24, "secp384r1"), Map.entry(25, "secp521r1"),
            Map.entry(29, "x25519"), Map.entry(30, "x448"),
            Map.entry(256, "ffdhe2048"), Map.entry(257, "ffdhe3072"), Map.entry(258, "ffdhe4096"),
            Map.entry(259, "ffdhe6144"), Map.entry(260, "ffdhe8192"),
            Map.entry(0x11EC, "X25519MLKEM768"), Map.entry(0x11EB, "SecP256r1MLKEM768"),
            Map.entry(0x11ED, "SecP384r1MLKEM1024"));

    /**
     * Creates a hello, copying the lists.
     *
     * @param serverName the SNI host name, or empty
     * @param applicationProtocols the ALPN ids
     * @param supportedGroups the group names
     * @param supportedGroupCodes the group code points
     * @param sessionTicket whether session_ticket is present
     * @param cipherSuites the suite code points
     * @param supportedVersions the supported_versions names
     * @param legacyVersion the legacy_version name
     * @param extensionTypes the extension type code points
     */
    public ClientHello {
        Objects.requireNonNull(serverName, "serverName");
        applicationProtocols = List.copyOf(applicationProtocols);
        supportedGroups = List.copyOf(supportedGroups);
        supportedGroupCodes = List.copyOf(supportedGroupCodes);
        cipherSuites = List.copyOf(cipherSuites);
        supportedVersions = List.copyOf(supportedVersions);
        Objects.requireNonNull(legacyVersion, "legacyVersion");
        extensionTypes = List.copyOf(extensionTypes);
    }

    /**
     * Whether the hello carried an SNI host name.
     *
     * @return true if {@link #serverName()} is not empty
     */
    public boolean hasServerName() {
        return !serverName.isEmpty();
    }

    /**
     * The name of a TLS protocol version code point.
     *
     * @param code e.g. {@code 0x0304}
     * @return e.g. {@code TLSv1.3}; unknown values as {@code 0x%04x}
     */
    public static String versionName(int code) {
        return switch (code) {
            case 0x0300 -> "SSLv3";
            case 0x0301 -> "TLSv1";
            case 0x0302 -> "TLSv1.1";
            case 0x0303 -> "TLSv1.2";
            case 0x0304 -> "TLSv1.3";
            default -> String.format("0x%04x", code);
        };
    }

    /**
     * The name of a supported_groups code point.
     *
     * @param code e.g. 29
     * @return e.g. {@code x25519}; unknown values as {@code 0x%04x}
     */
    public static String groupName(int code) {
        String name = GROUPS.get(code);
        return name != null ? name : String.format("0x%04x", code);
    }

    /**
     * Reads TLS handshake records from {@code in} until one whole ClientHello message has arrived,
     * and parses it.
     *
     * @param in the client's raw bytes
     * @return the parsed hello
     * @throws ProtocolException if the bytes are not a TLS ClientHello
     * @throws IOException if reading fails or the stream ends early
     */
    static ClientHello read(InputStream in) throws IOException {
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        int needed = -1;
        while (needed < 0 || handshake.size() < needed) {
            byte[] header = readFully(in, 5);
            int type = header[0] & 0xff;
            if (type != 22) {
                throw new ProtocolException(String.format(
                        "not a TLS handshake record: content type %d (first bytes %02x %02x %02x)",
                        type, header[0], header[1], header[2]));
            }
            int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            if (length == 0 || length > 18432) {
                throw new ProtocolException("invalid TLS record length " + length);
            }
            handshake.write(readFully(in, length));
            if (needed < 0 && handshake.size() >= 4) {
                byte[] head = handshake.toByteArray();
                if (head[0] != 1) {
                    throw new ProtocolException("not a ClientHello: handshake type " + (head[0] & 0xff));
                }
                needed = 4 + (((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff));
                if (needed > MAX_HELLO) {
                    throw new ProtocolException("ClientHello too large: " + needed + " bytes");
                }
            }
        }
        return parse(ByteBuffer.wrap(handshake.toByteArray(), 4, needed - 4).slice());
    }

    /** Parses a ClientHello message body (after the 4-byte handshake header). */
    static ClientHello parse(ByteBuffer body) throws ProtocolException {
        try {
            String legacy = versionName(u16(body));
            skip(body, 32); // random
            skip(body, u8(body)); // legacy_session_id
            int suitesLength = u16(body);
            List<Integer> suites = new ArrayList<>();
            ByteBuffer suiteBytes = take(body, suitesLength);
            while (suiteBytes.hasRemaining()) {
                suites.add(u16(suiteBytes));
            }
            skip(body, u8(body)); // legacy_compression_methods
            String serverName = "";
            List<String> alpn = new ArrayList<>();
            List<Integer> groupCodes = new ArrayList<>();
            List<String> versions = new ArrayList<>();
            List<Integer> extensionTypes = new ArrayList<>();
            boolean ticket = false;
            if (body.hasRemaining()) {
                ByteBuffer extensions = take(body, u16(body));
                while (extensions.hasRemaining()) {
                    int type = u16(extensions);
                    ByteBuffer data = take(extensions, u16(extensions));
                    extensionTypes.add(type);
                    switch (type) {
                        case EXT_SERVER_NAME -> serverName = parseServerName(data);
                        case EXT_ALPN -> {
                            ByteBuffer list = take(data, u16(data));
                            while (list.hasRemaining()) {
                                byte[] id = new byte[u8(list)];
                                list.get(id);
                                alpn.add(new String(id, StandardCharsets.US_ASCII));
                            }
                        }
                        case EXT_SUPPORTED_GROUPS -> {
                            ByteBuffer list = take(data, u16(data));
                            while (list.hasRemaining()) {
                                groupCodes.add(u16(list));
                            }
                        }
                        case EXT_SESSION_TICKET -> ticket = true;
                        case EXT_SUPPORTED_VERSIONS -> {
                            ByteBuffer list = take(data, u8(data));
                            while (list.hasRemaining()) {
                                versions.add(versionName(u16(list)));
                            }
                        }
                        default -> {
                            // not asserted on; its type is in extensionTypes
                        }
                    }
                }
            }
            List<String> groups = groupCodes.stream().map(ClientHello::groupName).toList();
            return new ClientHello(serverName, alpn, groups, groupCodes, ticket, suites, versions, legacy,
                    extensionTypes);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            ProtocolException failure = new ProtocolException("malformed ClientHello: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    private static String parseServerName(ByteBuffer data) {
        ByteBuffer list = take(data, u16(data));
        while (list.hasRemaining()) {
            int nameType = u8(list);
            byte[] name = new byte[u16(list)];
            list.get(name);
            if (nameType == 0) {
                return new String(name, StandardCharsets.US_ASCII);
            }
        }
        return "";
    }

    private static int u8(ByteBuffer buffer) {
        return buffer.get() & 0xff;
    }

    private static int u16(ByteBuffer buffer) {
        return buffer.getShort() & 0xffff;
    }

    private static void skip(ByteBuffer buffer, int count) {
        buffer.position(buffer.position() + count);
    }

    private static ByteBuffer take(ByteBuffer buffer, int length) {
        if (length > buffer.remaining()) {
            throw new java.nio.BufferUnderflowException();
        }
        ByteBuffer slice = buffer.slice();
        slice.limit(length);
        skip(buffer, length);
        return slice;
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("stream ended after " + bytes.length + " of " + length + " bytes of a TLS record");
        }
        return bytes;
    }
}
