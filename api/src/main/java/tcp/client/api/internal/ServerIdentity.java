package tcp.client.api.internal;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks that a server certificate names the host we meant to reach, the same way on every TLS
 * transport.
 *
 * <p>Why our own: each TLS stack has its own host name check and they differ. The JDK's
 * {@code HTTPS} endpoint identification falls back to the subject CN when a certificate has no
 * DNS name, which RFC 6125 and Go refuse (it-tests/CONFORMANCE.md, CS-127); Conscrypt and Bouncy Castle have
 * their own wildcard quirks. Running this one check after each transport's PKIX validation gives
 * one behaviour and one error text.
 *
 * <p>Rules (RFC 6125, RFC 2818, as Go's {@code x509.VerifyHostname}): an IP literal is compared,
 * as bytes, with the IP-address SANs only; any other host with the DNS SANs only, ignoring ASCII
 * case and a trailing dot. The subject CN is never used. A wildcard is accepted only as the whole
 * left-most label ({@code *.example.com}), matches exactly one label, and needs at least two labels
 * after it, so {@code *.com} matches nothing.
 *
 * <p>Stateless and thread-safe.
 */
public final class ServerIdentity {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private ServerIdentity() {
    }

    /**
     * Verifies that {@code leaf} is valid for {@code expectedHost}.
     *
     * @param expectedHost the server name, or the address's host: a DNS name, an IPv4 literal or
     *     an IPv6 literal, with or without brackets and zone
     * @param leaf the server's end-entity certificate, already validated by PKIX
     * @throws CertificateException if the certificate does not name the host, for example
     *     {@code certificate for "wrong.example" not accepted: it names [DNS:localhost,
     *     IP:127.0.0.1]}; also when {@code expectedHost} is empty
     * @throws NullPointerException if an argument is null
     */
    public static void verify(String expectedHost, X509Certificate leaf) throws CertificateException {
        Objects.requireNonNull(expectedHost, "expectedHost");
        Objects.requireNonNull(leaf, "leaf");
        String host = stripBrackets(expectedHost);
        if (host.isEmpty()) {
            throw new CertificateException("no server name to check the certificate against: "
                    + "give a server name when the address has no host");
        }
        Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
        if (sans == null) {
            sans = List.of();
        }
        byte[] ip = Address.literalBytes(host);
        boolean matched = ip != null ? matchesIp(ip, sans) : matchesDns(host, sans);
        if (!matched) {
            throw new CertificateException(String.format("certificate for \"%s\" not accepted: %s",
                    expectedHost, describe(leaf, sans)));
        }
    }

    /**
     * Whether {@code host} is an IPv4 dotted quad or an IPv6 literal; brackets and an IPv6 zone
     * are allowed. An IP literal gets no SNI and is checked against IP-address SANs.
     *
     * @param host the host, never null
     * @return true for {@code 127.0.0.1}, {@code ::1}, {@code [::1]}, {@code fe80::1%lo}
     */
    public static boolean isIpLiteral(String host) {
        Objects.requireNonNull(host, "host");
        String h = stripBrackets(host);
        return !h.isEmpty() && Address.literalBytes(h) != null;
    }

    private static String stripBrackets(String host) {
        if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }

    private static boolean matchesIp(byte[] expected, Collection<List<?>> sans) {
        for (List<?> san : sans) {
            if (type(san) == SAN_IP && san.get(1) instanceof String) {
                byte[] named = Address.literalBytes((String) san.get(1));
                if (named != null && Arrays.equals(expected, named)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesDns(String expected, Collection<List<?>> sans) {
        String host = normalize(expected);
        if (host == null || host.indexOf('*') >= 0) {
            return false;
        }
        for (List<?> san : sans) {
            if (type(san) == SAN_DNS && san.get(1) instanceof String) {
                String pattern = normalize((String) san.get(1));
                if (pattern != null && dnsMatches(host, pattern)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Lower-cased ASCII without one trailing dot, or null for non-ASCII or empty names. */
    private static String normalize(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return null;
        }
        for (int i = 0; i < n.length(); i++) {
            if (n.charAt(i) > 0x7E || n.charAt(i) <= 0x20) {
                return null;
            }
        }
        return n.toLowerCase(Locale.ROOT);
    }

    private static boolean dnsMatches(String host, String pattern) {
        if (pattern.indexOf('*') < 0) {
            return host.equals(pattern);
        }
        // Only "*." followed by at least two non-empty labels and no other '*'.
        if (!pattern.startsWith("*.") || pattern.indexOf('*', 1) >= 0) {
            return false;
        }
        String suffix = pattern.substring(1); // ".example.com"
        String rest = suffix.substring(1);
        if (rest.indexOf('.') < 0 || rest.startsWith(".") || rest.endsWith(".") || rest.contains("..")) {
            return false;
        }
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static int type(List<?> san) {
        return san.size() >= 2 && san.get(0) instanceof Integer ? (Integer) san.get(0) : -1;
    }

    private static String describe(X509Certificate leaf, Collection<List<?>> sans) {
        List<String> names = new ArrayList<>();
        for (List<?> san : sans) {
            int t = type(san);
            if (t == SAN_DNS) {
                names.add("DNS:" + san.get(1));
            } else if (t == SAN_IP) {
                names.add("IP:" + san.get(1));
            }
        }
        if (names.isEmpty()) {
            return "it names no DNS or IP subject alternative name (the subject \""
                    + leaf.getSubjectX500Principal().getName() + "\" is not used for host names)";
        }
        return "it names " + names;
    }
}
