package tcp.client.api.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import tcp.client.api.TlsConfig;
import tcp.client.api.spi.TlsContext;

/**
 * Checks, once per configuration, that the ClientHello a transport would send offers exactly the
 * cipher suites and named groups the configuration names, where the transport can show its
 * ClientHello (an engine from {@link TlsContext#newEngine}). Libraries differ here in ways no list of supported
 * names reveals: Bouncy Castle over the JDK's crypto leaves ChaCha20-Poly1305 out, BoringSSL
 * always offers all its TLS 1.3 suites and its own three groups.
 */
final class OfferCheck {
    private static final System.Logger LOG = System.getLogger(OfferCheck.class.getName());
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SUPPORTED_GROUPS = 10;

    /** The TLS names of the groups {@code TlsConfig} knows, with their registry values. */
    private static final Map<String, Integer> GROUP_CODES = Map.ofEntries(
            Map.entry("secp256r1", 0x0017), Map.entry("secp384r1", 0x0018), Map.entry("secp521r1", 0x0019),
            Map.entry("x25519", 0x001D), Map.entry("x448", 0x001E),
            Map.entry("ffdhe2048", 0x0100), Map.entry("ffdhe3072", 0x0101), Map.entry("ffdhe4096", 0x0102),
            Map.entry("ffdhe6144", 0x0103), Map.entry("ffdhe8192", 0x0104),
            Map.entry("mlkem512", 0x0200), Map.entry("mlkem768", 0x0201), Map.entry("mlkem1024", 0x0202),
            Map.entry("secp256r1mlkem768", 0x11EB), Map.entry("x25519mlkem768", 0x11EC),
            Map.entry("secp384r1mlkem1024", 0x11ED));

    private OfferCheck() {
    }

    /** What one ClientHello offers, in its order. */
    record Offer(List<Integer> cipherSuites, List<Integer> namedGroups) {
    }

    /**
     * @param protocols the versions a connection would offer
     * @param suites the suites a connection would offer
     * @throws IllegalArgumentException naming the transport and the suite or group that differs
     */
    static void check(String transport, TlsContext context, TlsConfig config, String[] protocols, String[] suites) {
        if (config.cipherSuites().isEmpty() && config.namedGroups().isEmpty()) {
            return;
        }
        Optional<SSLEngine> engine = context.newEngine();
        if (engine.isEmpty()) {
            return;
        }
        Offer offer;
        try {
            offer = parse(clientHello(engine.get(), config, protocols, suites));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("transport " + transport + " cannot offer cipher suites "
                    + List.of(suites) + " and named groups " + config.namedGroups() + " with "
                    + List.of(protocols) + ": " + e.getMessage(), e);
        }
        if (!config.cipherSuites().isEmpty()) {
            checkSuites(transport, config, List.of(protocols), List.of(suites), offer);
        }
        if (!config.namedGroups().isEmpty()) {
            checkGroups(transport, config, offer);
        }
    }

    /** The first record the engine writes with a connection's parameters: its ClientHello. */
    private static ByteBuffer clientHello(SSLEngine engine, TlsConfig config, String[] protocols, String[] suites)
            throws IOException {
        try {
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setProtocols(protocols.clone());
            parameters.setCipherSuites(suites.clone());
            TlsContexts.setNamedGroups(parameters, config.namedGroups().toArray(new String[0]));
            engine.setSSLParameters(parameters);
            ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), hello);
            return hello.flip();
        } finally {
            // Both directions, so that a native engine (Conscrypt) frees its state now, not at a GC.
            engine.closeOutbound();
            try {
                engine.closeInbound();
            } catch (SSLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the probe engine's inbound side", e);
            }
        }
    }

    private static void checkSuites(String transport, TlsConfig config, List<String> protocols, List<String> suites,
                                    Offer offer) {
        Set<Integer> offered = new LinkedHashSet<>(offer.cipherSuites());
        Set<Integer> asked = new LinkedHashSet<>();
        for (String s : suites) {
            boolean tls13 = TlsContexts.isTls13Suite(s);
            if (protocols.contains(tls13 ? "TLSv1.3" : "TLSv1.2")) {
                int code = CipherSuiteNames.code(s);
                asked.add(code);
                if (!offered.contains(code)) {
                    throw new IllegalArgumentException("transport " + transport + " leaves cipher suite " + s
                            + " out of its ClientHello: it cannot use that suite here (its crypto, or"
                            + " jdk.tls.disabledAlgorithms); leave it out of cipherSuites or use another transport");
                }
            }
        }
        List<String> extra = new ArrayList<>();
        boolean onlyTls13 = true;
        for (String name : CipherSuiteNames.all()) {
            int code = CipherSuiteNames.code(name);
            if (offered.contains(code) && !asked.contains(code)) {
                extra.add(name);
                onlyTls13 &= TlsContexts.isTls13Suite(name);
            }
        }
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("transport " + transport + " cannot restrict the "
                    + (onlyTls13 ? "TLS 1.3 " : "") + "cipher suites to what cipherSuites " + config.cipherSuites()
                    + " names: it also offers " + extra + "; name those too, or use another transport");
        }
    }

    private static void checkGroups(String transport, TlsConfig config, Offer offer) {
        List<Integer> asked = new ArrayList<>();
        for (String g : config.namedGroups()) {
            Integer code = GROUP_CODES.get(g.toLowerCase(Locale.ROOT));
            if (code == null) {
                throw new IllegalArgumentException("transport " + transport + ": named group " + g
                        + " has no known registry value");
            }
            if (!offer.namedGroups().contains(code)) {
                throw new IllegalArgumentException("transport " + transport + " leaves named group " + g
                        + " out of its ClientHello: it cannot use that group with these versions or this"
                        + " crypto; leave it out of namedGroups or use another transport");
            }
            asked.add(code);
        }
        if (!asked.equals(offer.namedGroups())) {
            throw new IllegalArgumentException("transport " + transport + " cannot choose named groups for one"
                    + " client: it offers " + groupNames(offer.namedGroups()) + " in that order, whatever namedGroups "
                    + config.namedGroups() + " says; name exactly those, or use another transport");
        }
    }

    private static List<String> groupNames(List<Integer> codes) {
        List<String> names = new ArrayList<>();
        for (int code : codes) {
            String name = String.format("0x%04x", code);
            for (Map.Entry<String, Integer> e : GROUP_CODES.entrySet()) {
                if (e.getValue() == code) {
                    name = e.getKey();
                }
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Reads the cipher suites and supported_groups out of one ClientHello record, leaving out
     * signalling values ({@code _SCSV}) and GREASE.
     *
     * @throws IllegalArgumentException if the record is no ClientHello
     */
    static Offer parse(ByteBuffer record) {
        if (u8(record) != HANDSHAKE) {
            throw new IllegalArgumentException("not a handshake record");
        }
        skip(record, 2 + 2); // record version and length
        if (u8(record) != CLIENT_HELLO) {
            throw new IllegalArgumentException("not a ClientHello");
        }
        skip(record, 3 + 2 + 32); // handshake length, legacy_version, random
        skip(record, u8(record)); // legacy_session_id
        List<Integer> suites = new ArrayList<>();
        int suitesEnd = u16(record) + record.position();
        while (record.position() < suitesEnd) {
            int code = u16(record);
            if (!isGrease(code) && code != 0x00FF && code != 0x5600) {
                suites.add(code);
            }
        }
        skip(record, u8(record)); // legacy_compression_methods
        List<Integer> groups = new ArrayList<>();
        int end = record.hasRemaining() ? u16(record) + record.position() : record.position();
        while (record.position() < end) {
            int type = u16(record);
            int length = u16(record);
            if (type != SUPPORTED_GROUPS) {
                skip(record, length);
                continue;
            }
            int listEnd = u16(record) + record.position();
            while (record.position() < listEnd) {
                int code = u16(record);
                if (!isGrease(code)) {
                    groups.add(code);
                }
            }
        }
        return new Offer(List.copyOf(suites), List.copyOf(groups));
    }

    /** RFC 8701's reserved values, {@code 0x?A?A}. */
    private static boolean isGrease(int code) {
        return (code & 0x0F0F) == 0x0A0A && (code >> 8) == (code & 0xFF);
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xff;
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xffff;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }
}
