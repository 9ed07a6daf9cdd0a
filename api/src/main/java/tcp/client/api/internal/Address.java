package tcp.client.api.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

import tcp.client.api.InvalidAddressException;

/**
 * A dial address, {@code host:port}, checked for syntax only.
 *
 * <p>Why our own parser: golib's {@code New} validates with Go's {@code net.ResolveTCPAddr}, which
 * splits like {@code net.SplitHostPort} and then does a DNS lookup. We keep Go's split (exactly one
 * colon outside brackets, brackets required around IPv6, allowed around anything) but do no lookup
 * at creation: names are resolved at every connect by {@link #resolve()}. The JDK's
 * {@code InetAddress.getByName} cannot be the validator because it accepts {@code 127.1},
 * {@code 1.2.3} and {@code 0} as IPv4 literals and maps {@code ""} to the local host; we refuse
 * those (it-tests/CONFORMANCE.md, CS-009). Deliberate deviations from Go: service names ({@code localhost:http})
 * are refused, ports never wrap around, and numeric-only hosts that are not dotted quads are
 * refused here instead of failing their lookup later.
 *
 * <p>Accepted forms: {@code :8080} (empty host: the local host), {@code 127.0.0.1:80},
 * {@code [::1]:80}, {@code [fe80::1%eth0]:80}, {@code name:80}, {@code [127.0.0.1]:80},
 * {@code [localhost]:80}; the port is an optional {@code +} then decimal digits, empty meaning 0.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host the host as written, without brackets; {@code ""} for the local host
 * @param port the port, 0 to 65535
 */
public record Address(String host, int port) {

    private static final int MAX_PORT = 65535;
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    /**
     * Checks the invariants, so an {@code Address} is valid however it was made.
     *
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if the port is out of range or the host is not valid
     */
    public Address {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " out of range 0-65535");
        }
        String problem = hostProblem(host);
        if (problem != null) {
            throw new IllegalArgumentException("invalid host \"" + host + "\": " + problem);
        }
    }

    /**
     * Parses {@code host:port} without any name lookup.
     *
     * @param address the address as the user wrote it; null is treated like {@code ""}
     * @return the address
     * @throws InvalidAddressException if it is empty, null or malformed; the message starts with
     *     {@code invalid dial address}, quotes the address and says what is wrong
     */
    public static Address parse(String address) {
        if (address == null || address.isEmpty()) {
            throw new InvalidAddressException();
        }
        // Go's net.SplitHostPort, step by step, so the same inputs fail for the same reason.
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new InvalidAddressException(address, "missing port in address");
        }
        String host;
        int hostScanFrom;
        int closeScanFrom;
        if (address.charAt(0) == '[') {
            int end = address.indexOf(']');
            if (end < 0) {
                throw new InvalidAddressException(address, "missing ']' in address");
            }
            if (end + 1 == address.length()) {
                throw new InvalidAddressException(address, "missing port in address");
            }
            if (end + 1 != colon) {
                throw new InvalidAddressException(address, address.charAt(end + 1) == ':'
                        ? "too many colons in address" : "missing port in address");
            }
            host = address.substring(1, end);
            if (host.isEmpty()) {
                throw new InvalidAddressException(address, "invalid host \"\": empty brackets");
            }
            hostScanFrom = 1;
            closeScanFrom = end + 1;
        } else {
            host = address.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new InvalidAddressException(address, "too many colons in address");
            }
            hostScanFrom = 0;
            closeScanFrom = 0;
        }
        if (address.indexOf('[', hostScanFrom) >= 0) {
            throw new InvalidAddressException(address, "unexpected '[' in address");
        }
        if (address.indexOf(']', closeScanFrom) >= 0) {
            throw new InvalidAddressException(address, "unexpected ']' in address");
        }
        int port = parsePort(address, address.substring(colon + 1));
        String problem = hostProblem(host);
        if (problem != null) {
            throw new InvalidAddressException(address, "invalid host \"" + host + "\": " + problem);
        }
        return new Address(host, port);
    }

    private static int parsePort(String address, String text) {
        if (text.isEmpty()) {
            return 0; // Go: an empty port means 0 (golang.org/issue/13610)
        }
        String digits = text.charAt(0) == '+' ? text.substring(1) : text;
        boolean negative = false;
        if (text.charAt(0) == '-') {
            digits = text.substring(1);
            negative = true;
        }
        if (digits.isEmpty() || !allAsciiDigits(digits)) {
            throw new InvalidAddressException(address,
                    "port must be decimal digits (service names are not supported), got \"" + text + "\"");
        }
        if (negative) {
            throw new InvalidAddressException(address, "port out of range 0-65535");
        }
        // Leading zeros are fine (":080" is 80); any digit string is handled without overflow.
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        String significant = digits.substring(i);
        if (significant.length() > 5 || Integer.parseInt(significant) > MAX_PORT) {
            throw new InvalidAddressException(address, "port out of range 0-65535");
        }
        return Integer.parseInt(significant);
    }

    /**
     * Whether the host is an IPv4 or IPv6 literal (brackets already removed).
     *
     * @return true for {@code 127.0.0.1}, {@code ::1}, {@code fe80::1%lo}; false for names and ""
     */
    public boolean isIpLiteral() {
        return !host.isEmpty() && literalBytes(host) != null;
    }

    /**
     * Whether the host means "this machine, any interface": empty, {@code 0.0.0.0} or {@code ::}.
     * Dialling those reaches the local host, as in Go; {@link #resolve()} maps them to loopback.
     */
    public boolean isWildcardOrEmpty() {
        if (host.isEmpty()) {
            return true;
        }
        byte[] bytes = literalBytes(host);
        if (bytes == null) {
            return false;
        }
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resolves the host for one connect attempt; literals never touch DNS.
     *
     * <p>An empty or wildcard host gives the loopback address (never
     * {@code InetAddress.getLocalHost()}, which may be a LAN address); a name gives every address
     * of {@code InetAddress.getAllByName}, in the resolver's order. This call blocks on the
     * resolver for names; the caller bounds it with its connect budget.
     *
     * @return at least one address, never empty
     * @throws UnknownHostException if the name does not resolve, or an IPv6 zone names no
     *     interface of this machine
     */
    public List<InetAddress> resolve() throws UnknownHostException {
        if (isWildcardOrEmpty()) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        byte[] ipv4 = parseIpv4(host);
        if (ipv4 != null) {
            return List.of(InetAddress.getByAddress(ipv4));
        }
        if (host.indexOf(':') >= 0) {
            if (host.indexOf('%') < 0) {
                return List.of(InetAddress.getByAddress(parseIpv6(host)));
            }
            // Validated as an IPv6 literal with a zone, so getByName parses it and does no DNS;
            // it maps the zone to the interface's scope id and fails for an unknown interface.
            return List.of(InetAddress.getByName(host));
        }
        InetAddress[] all = InetAddress.getAllByName(host);
        if (all.length == 0) {
            throw new UnknownHostException(host + ": the resolver returned no address");
        }
        return List.of(all);
    }

    /** {@code host:port}, with brackets around an IPv6 host: {@code [::1]:8080}. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    // ---- literal parsing, shared with ServerIdentity ----

    /**
     * The address bytes of an IPv4 dotted quad or IPv6 literal (an IPv6 zone is ignored), or null.
     * Brackets must already be removed.
     */
    static byte[] literalBytes(String host) {
        byte[] v4 = parseIpv4(host);
        if (v4 != null) {
            return v4;
        }
        int pct = host.indexOf('%');
        return parseIpv6(pct >= 0 ? host.substring(0, pct) : host);
    }

    /**
     * Parses a strict dotted quad: four decimal parts 0 to 255, no leading zeros (which some
     * resolvers read as octal), no shorthand. Returns the four bytes, or null.
     */
    static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int pos = 0;
        int len = s.length();
        while (part < 4) {
            int start = pos;
            int value = 0;
            while (pos < len && pos - start < 4 && isAsciiDigit(s.charAt(pos))) {
                value = value * 10 + (s.charAt(pos) - '0');
                pos++;
            }
            int digits = pos - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (pos >= len || s.charAt(pos) != '.') {
                    return null;
                }
                pos++;
            }
        }
        return pos == len ? out : null;
    }

    /**
     * Parses an IPv6 literal without zone or brackets (RFC 4291 text forms, including {@code ::}
     * compression and a trailing dotted quad). Returns the sixteen bytes, or null.
     */
    static byte[] parseIpv6(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head;
        int[] tail;
        if (gap >= 0) {
            head = ipv6Groups(s.substring(0, gap), false);
            tail = ipv6Groups(s.substring(gap + 2), true);
        } else {
            head = ipv6Groups(s, true);
            tail = new int[0];
        }
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap >= 0 ? count > 7 : count != 8) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >>> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        int offset = 8 - tail.length;
        for (int i = 0; i < tail.length; i++) {
            out[2 * (offset + i)] = (byte) (tail[i] >>> 8);
            out[2 * (offset + i) + 1] = (byte) tail[i];
        }
        return out;
    }

    /** The 16-bit groups of one side of an IPv6 literal, or null when malformed. */
    private static int[] ipv6Groups(String part, boolean mayEndWithIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] groups = part.split(":", -1);
        int last = groups.length - 1;
        boolean v4 = mayEndWithIpv4 && groups[last].indexOf('.') >= 0;
        int[] out = new int[groups.length + (v4 ? 1 : 0)];
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (i == last && v4) {
                byte[] quad = parseIpv4(g);
                if (quad == null) {
                    return null;
                }
                out[i] = ((quad[0] & 0xFF) << 8) | (quad[1] & 0xFF);
                out[i + 1] = ((quad[2] & 0xFF) << 8) | (quad[3] & 0xFF);
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int value = 0;
            for (int k = 0; k < g.length(); k++) {
                int d = Character.digit(g.charAt(k), 16);
                if (d < 0 || g.charAt(k) > 'f') {
                    return null;
                }
                value = (value << 4) | d;
            }
            out[i] = value;
        }
        return out;
    }

    /** Why {@code host} (brackets removed) is not acceptable, or null when it is. */
    private static String hostProblem(String host) {
        if (host.isEmpty()) {
            return null;
        }
        if (host.indexOf(':') >= 0) {
            int pct = host.indexOf('%');
            String ip = pct >= 0 ? host.substring(0, pct) : host;
            if (parseIpv6(ip) == null) {
                return "not a valid IPv6 address";
            }
            if (pct >= 0) {
                String zone = host.substring(pct + 1);
                if (zone.isEmpty()) {
                    return "empty IPv6 zone";
                }
                for (int i = 0; i < zone.length(); i++) {
                    char c = zone.charAt(i);
                    if (!isAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.') {
                        return "character '" + c + "' is not allowed in an IPv6 zone";
                    }
                }
            }
            return null;
        }
        boolean digitsAndDots = true;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.') {
                return "character '" + c + "' is not allowed in a host name";
            }
            digitsAndDots &= isAsciiDigit(c) || c == '.';
        }
        if (digitsAndDots) {
            // Go resolves "127.1" as a name and fails; the JDK reads it as 127.0.0.1. Refuse it.
            return parseIpv4(host) != null ? null
                    : "not an IPv4 address (four decimal numbers 0-255 without leading zeros)";
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty()) {
            return "empty host name";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "host name longer than " + MAX_NAME_LENGTH + " characters";
        }
        int labelStart = 0;
        while (true) {
            int dot = name.indexOf('.', labelStart);
            int labelEnd = dot < 0 ? name.length() : dot;
            int labelLength = labelEnd - labelStart;
            if (labelLength == 0) {
                return "empty label in host name";
            }
            if (labelLength > MAX_LABEL_LENGTH) {
                return "label longer than " + MAX_LABEL_LENGTH + " characters in host name";
            }
            if (dot < 0) {
                return null;
            }
            labelStart = dot + 1;
        }
    }

    private static boolean allAsciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
