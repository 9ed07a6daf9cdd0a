package tcp.client.api.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The IANA names of TLS cipher suites, so that {@code TlsConfig.build()} can refuse a typo or a
 * provider-specific alias before any transport sees it.
 *
 * <p>Why a list of our own: every transport takes IANA names, but each one only knows the suites
 * it implements, and the JDK also answers to legacy {@code SSL_...} aliases that Conscrypt and
 * Bouncy Castle do not. Checking against the registry keeps "is this a cipher suite name at all?"
 * (answered at {@code build()}) apart from "can this transport use it?" (answered at
 * {@code setTLS}). The names live in the resource {@code iana-cipher-suites.txt} next to this
 * class; see its header for how it was built.
 *
 * <p>Loaded once, on first use; thread-safe.
 */
public final class CipherSuiteNames {
    private static final String RESOURCE = "iana-cipher-suites.txt";

    private CipherSuiteNames() {
    }

    /** Lazy holder: the file is read on first use, once, with the JVM's class-init guarantees. */
    private static final class Holder {
        static final SortedMap<String, Integer> CODES = load();
    }

    /**
     * Whether {@code name} is an IANA TLS cipher suite name, compared exactly (IANA names are
     * case-sensitive, as in {@code TLS_DH_anon_WITH_AES_128_CBC_SHA}).
     *
     * @param name a suite name; null gives false
     * @return true for {@code TLS_AES_128_GCM_SHA256}, false for {@code SSL_RSA_WITH_3DES_EDE_CBC_SHA}
     *     or {@code TLS_EMPTY_RENEGOTIATION_INFO_SCSV}
     */
    public static boolean isIana(String name) {
        return name != null && Holder.CODES.containsKey(name);
    }

    /**
     * Every known IANA cipher suite name.
     *
     * @return an unmodifiable set, sorted by name
     */
    public static Set<String> all() {
        return Holder.CODES.keySet();
    }

    /**
     * The registry's two-byte value of a suite, as a ClientHello carries it.
     *
     * @return the value, or -1 for a name that is not in the registry
     */
    static int code(String name) {
        Integer code = Holder.CODES.get(name);
        return code == null ? -1 : code;
    }

    private static SortedMap<String, Integer> load() {
        // A class's own-package resource is readable on the module path: no opens needed.
        try (InputStream in = CipherSuiteNames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing next to "
                        + CipherSuiteNames.class.getName() + ": the tcp.client.api jar is incomplete");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            SortedMap<String, Integer> codes = new TreeMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    String[] nameAndCode = entry.split("\\s+");
                    if (nameAndCode.length != 2 || !nameAndCode[1].startsWith("0x")) {
                        throw new IllegalStateException("resource " + RESOURCE + ": not \"NAME 0xHHHH\": " + entry);
                    }
                    codes.put(nameAndCode[0], Integer.parseInt(nameAndCode[1].substring(2), 16));
                }
            }
            return Collections.unmodifiableSortedMap(codes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
