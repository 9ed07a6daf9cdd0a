package tcp.client.transport.bc;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;
import tcp.client.api.TlsConfig;

/**
 * Checks, before any handshake, that BCJSSE will offer every cipher suite and named group a
 * configuration names. BCJSSE lists suites it knows by name whether or not its crypto can run them
 * (over the JDK's crypto it cannot run ChaCha20-Poly1305), and drops a named group it cannot use
 * with only a log line: without this check a configuration mistake would become a handshake
 * failure, or a silently different offer, much later.
 *
 * <p>The authority is the offer itself: the ClientHello that an engine of the prepared context
 * writes for the configuration. Groups are also checked by name first, so that the common refusals
 * do not make BCJSSE log its own warnings.
 */
final class OfferCheck {
    private static final int TLS_HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SUPPORTED_GROUPS = 10;

    /** Lower-case TLS names (as {@code TlsConfig} takes them) to IANA code points. */
    private static final Map<String, Integer> GROUP_CODES = groupCodes();
    /** IANA cipher suite names to code points, as Bouncy Castle's {@link CipherSuite} names them. */
    private static final Map<String, Integer> SUITE_CODES = suiteCodes();

    /** What a ClientHello offered. */
    record Offer(List<Integer> cipherSuites, Set<Integer> namedGroups) {
    }

    private OfferCheck() {
    }

    /**
     * @throws IllegalArgumentException naming the transport, the crypto and the first cipher suite
     *     or named group that cannot be offered with this configuration
     */
    static void check(TlsConfig config, CryptoChoice crypto, SSLContext context) {
        if (config.cipherSuites().isEmpty() && config.namedGroups().isEmpty()) {
            return;
        }
        String who = "transport " + BcTransportProvider.NAME + " (" + BcTransportProvider.CRYPTO_PROPERTY + "="
                + crypto.value() + ", Java " + Runtime.version().feature() + ")";
        List<Integer> groups = groupCodes(config, crypto, who);
        Offer offer = offer(config, context, who);
        for (String suite : config.cipherSuites()) {
            Integer code = SUITE_CODES.get(suite);
            if (code == null || !offer.cipherSuites().contains(code)) {
                throw new IllegalArgumentException(who + " cannot use cipher suite " + suite
                        + (crypto == CryptoChoice.JCA ? " with the JDK's crypto providers" : ""));
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            if (!offer.namedGroups().contains(groups.get(i))) {
                throw new IllegalArgumentException(who + " leaves named group " + config.namedGroups().get(i)
                        + " out of its offer (disabled by jdk.tls.disabledAlgorithms or a system property?)");
            }
        }
    }

    private static List<Integer> groupCodes(TlsConfig config, CryptoChoice crypto, String who) {
        List<Integer> codes = new ArrayList<>();
        for (String name : config.namedGroups()) {
            Integer code = GROUP_CODES.get(name.toLowerCase(Locale.ROOT));
            if (code == null) {
                throw new IllegalArgumentException(who + " does not know named group " + name);
            }
            if (!computable(crypto.tlsCrypto(), code)) {
                throw new IllegalArgumentException(who + " cannot compute named group " + name
                        + (crypto == CryptoChoice.JCA ? " with the JDK's crypto providers" : ""));
            }
            if (!negotiable(code, config.protocolNames())) {
                throw new IllegalArgumentException(who + " cannot use named group " + name + " with "
                        + config.protocolNames());
            }
            codes.add(code);
        }
        return codes;
    }

    private static boolean computable(TlsCrypto crypto, int code) {
        if (NamedGroup.refersToASpecificHybrid(code)) {
            return crypto.hasNamedGroup(NamedGroup.getHybridFirst(code))
                    && crypto.hasNamedGroup(NamedGroup.getHybridSecond(code));
        }
        return crypto.hasNamedGroup(code);
    }

    private static boolean negotiable(int code, List<String> protocols) {
        return protocols.contains("TLSv1.3") && NamedGroup.canBeNegotiated(code, ProtocolVersion.TLSv13)
                || protocols.contains("TLSv1.2") && NamedGroup.canBeNegotiated(code, ProtocolVersion.TLSv12);
    }

    /** The ClientHello that BCJSSE writes for this configuration. */
    private static Offer offer(TlsConfig config, SSLContext context, String who) {
        SSLEngine engine = context.createSSLEngine();
        try {
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setProtocols(config.protocolNames().toArray(new String[0]));
            if (!config.cipherSuites().isEmpty()) {
                parameters.setCipherSuites(config.cipherSuites().toArray(new String[0]));
            }
            engine.setSSLParameters(parameters);
            if (!config.namedGroups().isEmpty()) {
                // After setSSLParameters, which on Java 20+ also sets (here: clears) the groups.
                BCSSLEngine bc = (BCSSLEngine) engine;
                BCSSLParameters groups = bc.getParameters();
                groups.setNamedGroups(config.namedGroups().toArray(new String[0]));
                bc.setParameters(groups);
            }
            ByteBuffer out = ByteBuffer.allocate(1 << 17);
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            return parse(out);
        } catch (IllegalStateException e) {
            // BCJSSE's "No usable cipher suites enabled": none of them runs on this crypto.
            throw new IllegalArgumentException(who + " cannot use any of the cipher suites " + config.cipherSuites()
                    + " with " + config.protocolNames() + ": " + e.getMessage(), e);
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException(who + " cannot build a ClientHello for " + config + ": " + e, e);
        } finally {
            engine.closeOutbound();
        }
    }

    /** Reads the cipher suites and supported_groups out of one ClientHello record. */
    static Offer parse(ByteBuffer record) {
        if (u8(record) != TLS_HANDSHAKE) {
            throw new IllegalStateException("not a handshake record");
        }
        skip(record, 2 + 2); // record version and length
        if (u8(record) != CLIENT_HELLO) {
            throw new IllegalStateException("not a ClientHello");
        }
        skip(record, 3 + 2 + 32); // handshake length, legacy_version, random
        skip(record, u8(record)); // legacy_session_id
        List<Integer> suites = new ArrayList<>();
        int suitesEnd = u16(record) + record.position();
        while (record.position() < suitesEnd) {
            suites.add(u16(record));
        }
        skip(record, u8(record)); // legacy_compression_methods
        Set<Integer> groups = new HashSet<>();
        int end = record.hasRemaining() ? u16(record) + record.position() : record.position();
        while (record.position() < end) {
            int type = u16(record);
            int length = u16(record);
            if (type == SUPPORTED_GROUPS) {
                int listEnd = u16(record) + record.position();
                while (record.position() < listEnd) {
                    groups.add(u16(record));
                }
            } else {
                skip(record, length);
            }
        }
        return new Offer(List.copyOf(suites), Set.copyOf(groups));
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

    private static Map<String, Integer> groupCodes() {
        Map<String, Integer> byName = new HashMap<>();
        for (int code = 0; code <= 0xffff; code++) {
            if (NamedGroup.refersToASpecificGroup(code)) {
                String name = NamedGroup.getName(code);
                if (name != null) {
                    byName.putIfAbsent(name.toLowerCase(Locale.ROOT), code);
                }
            }
        }
        return Map.copyOf(byName);
    }

    private static Map<String, Integer> suiteCodes() {
        Map<String, Integer> byName = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && f.getName().startsWith("TLS_")) {
                try {
                    byName.put(f.getName(), f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + f, e);
                }
            }
        }
        return Map.copyOf(byName);
    }
}
