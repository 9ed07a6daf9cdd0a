package tcp.client.api.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import tcp.client.api.TlsConfig;
import tcp.client.api.spi.TlsContext;
import tcp.client.api.spi.TlsContext.PerConnection;
import tcp.client.api.spi.TlsContextRequest;
import tcp.client.api.spi.Transport;

/**
 * The TLS policy that is the same on every transport, applied once per configuration: the
 * provider's context is asked for, the versions and suites are checked against what it supports
 * (or the secure defaults chosen among them), and what a connection needs is kept as a
 * {@link PreparedTls}.
 *
 * <p>Where it is kept: on the {@link TlsConfig} object itself, one entry per transport. Clients
 * sharing a configuration share its contexts, and a configuration the application drops is
 * collected with them, whatever a provider's context references.
 */
public final class TlsContexts {
    /** Forward-secret AEAD suites, in order of preference: the defaults on every provider. */
    private static final List<String> SECURE_DEFAULT_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Numbers the labels of connections that must not resume a session. */
    private static final AtomicLong UNRESUMABLE = new AtomicLong();

    /** {@code SSLParameters.setNamedGroups(String[])}, present from Java 20. */
    private static final MethodHandle SET_NAMED_GROUPS = findSetNamedGroups();

    /** Reads a configuration's cache; set once by {@link TlsConfig}'s class initialisation. */
    private static volatile Function<TlsConfig, ConcurrentMap<Object, Object>> cacheOf;

    private TlsContexts() {
    }

    /**
     * Called by {@link TlsConfig} alone (this package is not exported), to hand over the way to
     * its per-configuration cache.
     *
     * @throws IllegalStateException if called a second time
     */
    public static synchronized void attach(Function<TlsConfig, ConcurrentMap<Object, Object>> access) {
        if (cacheOf != null) {
            throw new IllegalStateException("already attached");
        }
        cacheOf = Objects.requireNonNull(access, "access");
    }

    /**
     * What connections with {@code config} over {@code transport} need, prepared on first use.
     *
     * @throws IllegalArgumentException naming the transport and the setting it cannot apply
     */
    static PreparedTls prepared(String transportName, Transport transport, TlsConfig config) {
        ConcurrentMap<Object, Object> cache = cacheOf.apply(config);
        Object cached = cache.get(transport);
        if (cached != null) {
            return (PreparedTls) cached;
        }
        PreparedTls fresh = prepare(transportName, transport, config);
        Object raced = cache.putIfAbsent(transport, fresh);
        return raced == null ? fresh : (PreparedTls) raced;
    }

    private static PreparedTls prepare(String name, Transport transport, TlsConfig config) {
        TlsContext context;
        try {
            context = Objects.requireNonNull(transport.newContext(new Request(config)),
                    () -> "transport " + name + " gave no TLS context");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("transport " + name + " cannot use this TLS configuration: "
                    + e.getMessage(), e);
        }
        if (!config.namedGroups().isEmpty() && SET_NAMED_GROUPS == null && !context.appliesPerConnection().contains(PerConnection.NAMED_GROUPS)) {
            throw new IllegalArgumentException("transport " + name + " cannot set named groups for one client"
                    + " on Java " + Runtime.version().feature() + " (only JVM-wide); leave namedGroups empty"
                    + " or use another transport");
        }
        SSLParameters supportedParameters = context.supportedParameters();
        Set<String> supported = Set.of(supportedParameters.getCipherSuites());
        Set<String> supportedProtocols = Set.of(supportedParameters.getProtocols());
        for (String p : config.protocolNames()) {
            if (!supportedProtocols.contains(p)) {
                throw new IllegalArgumentException("transport " + name + " does not support protocol " + p);
            }
        }
        List<String> suites;
        if (config.cipherSuites().isEmpty()) {
            suites = new ArrayList<>();
            for (String s : SECURE_DEFAULT_SUITES) {
                if (supported.contains(s)) {
                    suites.add(s);
                }
            }
        } else {
            suites = config.cipherSuites();
            for (String s : suites) {
                if (!supported.contains(s)) {
                    throw new IllegalArgumentException("transport " + name + " does not support cipher suite " + s);
                }
            }
        }
        String[] protocols = protocolsWithSuites(config, suites).toArray(new String[0]);
        String[] offered = new LinkedHashSet<>(suites).toArray(new String[0]);
        context.check(config);
        OfferCheck.check(name, context, config, protocols, offered);
        return new PreparedTls(name, context, protocols, offered,
                config.applicationProtocols().toArray(new String[0]),
                config.namedGroups().toArray(new String[0]), !config.sessionTicketsDisabled(),
                config.reloadableKeyPair().map(KeyPairState::of).orElse(null));
    }

    /**
     * The configured versions that the suites can serve. A version without a suite is not
     * offered: a server that chose it could only fail the handshake (SunJSSE drops it by itself,
     * other providers do not).
     */
    private static List<String> protocolsWithSuites(TlsConfig config, List<String> suites) {
        boolean has13 = suites.stream().anyMatch(TlsContexts::isTls13Suite);
        boolean has12 = suites.stream().anyMatch(s -> !isTls13Suite(s));
        List<String> protocols = new ArrayList<>(2);
        for (String p : config.protocolNames()) {
            if (p.equals("TLSv1.3") ? has13 : has12) {
                protocols.add(p);
            }
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("cipher suites " + suites + " fit none of the versions "
                    + config.protocolNames());
        }
        return List.copyOf(protocols);
    }

    /** Whether a suite is one of TLS 1.3's, which name no key exchange. */
    static boolean isTls13Suite(String suite) {
        return !suite.contains("_WITH_");
    }

    /**
     * Puts the named groups into {@code parameters} where the running Java can carry them there
     * (20 and later); does nothing before.
     */
    static void setNamedGroups(SSLParameters parameters, String[] groups) {
        if (groups.length == 0 || SET_NAMED_GROUPS == null) {
            return;
        }
        try {
            SET_NAMED_GROUPS.invoke(parameters, (Object) groups);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("SSLParameters.setNamedGroups failed", e);
        }
    }

    private static MethodHandle findSetNamedGroups() {
        try {
            return MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups",
                    MethodType.methodType(void.class, String[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** The core's side of {@link Transport#newContext}: the configuration and its key material. */
    private record Request(TlsConfig config) implements TlsContextRequest {
        @Override
        public TrustManager[] trustManagers() throws GeneralSecurityException {
            return KeyMaterial.trustManagers(config, TrustManagerFactory.getInstance("PKIX"));
        }

        @Override
        public KeyManager[] keyManagers(KeyManagerFactory factory) throws GeneralSecurityException {
            return KeyMaterial.keyManagers(config, Objects.requireNonNull(factory, "factory"));
        }

        @Override
        public KeyManager[] sessionIndependentKeyManagers(KeyManagerFactory factory) throws GeneralSecurityException {
            return SessionIndependentKeyManager.wrap(keyManagers(factory));
        }
    }

    /**
     * What a connection needs from its configuration, fixed when the configuration was checked.
     * Holds no reference to the configuration.
     *
     * @param resumable whether sessions may be resumed; false for {@code sessionTicketsDisabled}
     * @param keyPair the reloadable key pair's state, or null
     */
    record PreparedTls(String transport, TlsContext context, String[] protocols, String[] suites,
                       String[] applicationProtocols, String[] namedGroups, boolean resumable,
                       KeyPairState keyPair) {
        /**
         * The endpoint identification label of a new connection, compared by providers before
         * they resume a session: none normally; one per connection when nothing may be resumed;
         * one per key pair generation with a reloadable pair, so that no session outlives a reload.
         */
        String resumptionLabel() {
            if (!resumable) {
                return "tcp-client-no-resumption-" + UNRESUMABLE.incrementAndGet();
            }
            return keyPair == null ? null : "tcp-client-key-pair-" + keyPair.current().generation();
        }
    }

}
