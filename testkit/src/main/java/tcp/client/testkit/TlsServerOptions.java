package tcp.client.testkit;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a TLS {@link TestServer} behaves: its identity, protocol versions, cipher suites, named
 * groups, ALPN protocols, client authentication, and which JSSE implementation serves.
 *
 * <pre>{@code
 * TlsServerOptions tls12 = TlsServerOptions.builder().protocols("TLSv1.2").build();
 * TlsServerOptions mtls = TlsServerOptions.builder().needClientAuth(true).build();
 * }</pre>
 *
 * <p>The server runs on SunJSSE unless it needs something SunJSSE cannot do on Java 17 without
 * changing JVM-wide state: a restricted set of named groups (no per-socket API before Java 20)
 * runs on a private Bouncy Castle JSSE provider, and TLS 1.0/1.1 (disabled by
 * {@code jdk.tls.disabledAlgorithms}, which BCJSSE obeys too) on Bouncy Castle's low-level TLS
 * API; see {@link Engine#AUTO}.
 *
 * <p>Immutable and thread-safe; the {@link Builder} is not.
 */
public final class TlsServerOptions {

    /** The TLS implementation that serves. */
    public enum Engine {
        /**
         * {@link #BC_TLS} when {@link #protocols()} names TLSv1 or TLSv1.1, {@link #BCJSSE} when
         * {@link #namedGroups()} is set, {@link #SUNJSSE} otherwise.
         */
        AUTO,
        /** The JDK's SunJSSE. */
        SUNJSSE,
        /** Bouncy Castle's JSSE, as a private provider over Bouncy Castle's crypto. */
        BCJSSE,
        /**
         * Bouncy Castle's low-level TLS protocol API over its own crypto, with no JSSE in between:
         * the only way to serve TLS 1.0/1.1 on Java 17 without changing the JVM-wide
         * {@code jdk.tls.disabledAlgorithms}, which SunJSSE and BCJSSE both obey. Serves TLSv1,
         * TLSv1.1 and TLSv1.2 with CBC and GCM suites; no ALPN, named groups or client
         * authentication, and no TLS half-close.
         */
        BC_TLS
    }

    private static final Set<String> PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private final Identity identity;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final List<String> namedGroups;
    private final List<String> applicationProtocols;
    private final boolean needClientAuth;
    private final List<X509Certificate> clientTrust;
    private final boolean stallBeforeHandshake;
    private final Duration handshakeTimeout;
    private final Engine engine;

    private TlsServerOptions(Builder b) {
        this.protocols = List.copyOf(b.protocols);
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.namedGroups = List.copyOf(b.namedGroups);
        this.identity = b.identity != null ? b.identity : defaultIdentity(namedGroups);
        this.applicationProtocols = List.copyOf(b.applicationProtocols);
        this.needClientAuth = b.needClientAuth;
        this.clientTrust = b.clientTrust.isEmpty() ? List.of(TestPki.shared().root()) : List.copyOf(b.clientTrust);
        this.stallBeforeHandshake = b.stallBeforeHandshake;
        this.handshakeTimeout = b.handshakeTimeout;
        this.engine = resolve(b.engine);
    }

    private static Identity defaultIdentity(List<String> namedGroups) {
        // BCJSSE only offers an ECDSA certificate whose curve is among the server's named groups,
        // in TLS 1.3 too; a P-256 key with groups that exclude secp256r1 finds no usable suite.
        return namedGroups.isEmpty() || namedGroups.contains("secp256r1")
                ? TestPki.shared().server()
                : TestPki.shared().rsaServer();
    }

    /**
     * A new builder with the defaults: {@link TestPki#server()} of the shared PKI (its
     * {@link TestPki#rsaServer()} when named groups are set without {@code secp256r1}), the engine's
     * default protocols and suites, no ALPN, no client authentication, a 10 s server-side handshake
     * timeout, engine {@link Engine#AUTO}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default options, as {@code builder().build()}.
     *
     * @return the default options
     */
    public static TlsServerOptions defaults() {
        return builder().build();
    }

    /**
     * The identity the server presents.
     *
     * @return the identity
     */
    public Identity identity() {
        return identity;
    }

    /**
     * The enabled protocol versions; empty means the engine's defaults (TLSv1.3 and TLSv1.2).
     *
     * @return protocol names such as {@code TLSv1.2}
     */
    public List<String> protocols() {
        return protocols;
    }

    /**
     * The enabled cipher suites; empty means the engine's defaults.
     *
     * @return standard suite names
     */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /**
     * The named groups the server accepts; empty means the engine's defaults.
     *
     * @return group names such as {@code x25519} or {@code secp256r1}
     */
    public List<String> namedGroups() {
        return namedGroups;
    }

    /**
     * The ALPN protocols the server selects from, in its order of preference; empty means no ALPN.
     *
     * @return protocol ids such as {@code http/1.1}
     */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /**
     * Whether the server requires a client certificate that chains to {@link #clientTrust()}.
     *
     * @return true for mutual TLS
     */
    public boolean needClientAuth() {
        return needClientAuth;
    }

    /**
     * The CAs client certificates must chain to; defaults to the shared PKI's root.
     *
     * @return trust anchors for client certificates
     */
    public List<X509Certificate> clientTrust() {
        return clientTrust;
    }

    /**
     * Whether the server accepts TCP connections and then never answers the ClientHello.
     *
     * @return true for a stalled handshake
     */
    public boolean stallBeforeHandshake() {
        return stallBeforeHandshake;
    }

    /**
     * How long the server waits for a client to complete the handshake.
     *
     * @return the server-side handshake timeout
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * The engine that serves, never {@link Engine#AUTO}: AUTO is resolved at {@code build()}.
     *
     * @return the resolved engine
     */
    public Engine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "TlsServerOptions[engine=" + engine + ", protocols=" + protocols + ", cipherSuites=" + cipherSuites
                + ", namedGroups=" + namedGroups + ", alpn=" + applicationProtocols + ", needClientAuth="
                + needClientAuth + ", stallBeforeHandshake=" + stallBeforeHandshake + ", identity=" + identity + "]";
    }

    private Engine resolve(Engine requested) {
        boolean legacy = protocols.contains("TLSv1") || protocols.contains("TLSv1.1");
        Engine engine = requested != Engine.AUTO ? requested
                : legacy ? Engine.BC_TLS
                : !namedGroups.isEmpty() ? Engine.BCJSSE
                : Engine.SUNJSSE;
        if (legacy && engine != Engine.BC_TLS) {
            throw new IllegalArgumentException("invalid engine " + engine + " for protocols " + protocols
                    + ": SunJSSE and BCJSSE both obey jdk.tls.disabledAlgorithms, which disables TLSv1 and"
                    + " TLSv1.1 on Java 17; use BC_TLS or AUTO");
        }
        if (engine == Engine.SUNJSSE && !namedGroups.isEmpty()) {
            throw new IllegalArgumentException("invalid engine SUNJSSE for named groups " + namedGroups
                    + ": SunJSSE on Java 17 has no per-socket named groups; use BCJSSE or AUTO");
        }
        if (engine == Engine.BC_TLS) {
            if (protocols.isEmpty() || protocols.contains("TLSv1.3")) {
                throw new IllegalArgumentException("invalid protocols " + protocols
                        + " for engine BC_TLS: it serves TLSv1, TLSv1.1 and TLSv1.2 only, named explicitly");
            }
            if (!namedGroups.isEmpty() || !applicationProtocols.isEmpty() || needClientAuth) {
                throw new IllegalArgumentException("invalid options for engine BC_TLS (protocols " + protocols
                        + "): named groups, ALPN and client authentication are not supported there");
            }
        }
        return engine;
    }

    /** Builds {@link TlsServerOptions}. Not thread-safe. */
    public static final class Builder {
        private Identity identity;
        private final List<String> protocols = new ArrayList<>();
        private final List<String> cipherSuites = new ArrayList<>();
        private final List<String> namedGroups = new ArrayList<>();
        private final List<String> applicationProtocols = new ArrayList<>();
        private boolean needClientAuth;
        private final List<X509Certificate> clientTrust = new ArrayList<>();
        private boolean stallBeforeHandshake;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Engine engine = Engine.AUTO;

        private Builder() {
        }

        /**
         * Sets the identity the server presents (default: the shared PKI's {@link TestPki#server()}).
         *
         * @param identity key and chain
         * @return this builder
         */
        public Builder identity(Identity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /**
         * Restricts the protocol versions, replacing earlier calls.
         *
         * @param names among {@code TLSv1}, {@code TLSv1.1}, {@code TLSv1.2}, {@code TLSv1.3}
         * @return this builder
         * @throws IllegalArgumentException naming an unknown version
         */
        public Builder protocols(String... names) {
            protocols.clear();
            for (String name : names) {
                if (!PROTOCOLS.contains(Objects.requireNonNull(name, "protocol"))) {
                    throw new IllegalArgumentException("invalid protocol \"" + name + "\": expected one of "
                            + List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"));
                }
                protocols.add(name);
            }
            return this;
        }

        /**
         * Restricts the cipher suites, replacing earlier calls; names are checked against the engine
         * when the server starts. RSA key exchange suites need an RSA identity such as
         * {@link TestPki#rsaServer()}.
         *
         * @param names standard suite names
         * @return this builder
         */
        public Builder cipherSuites(String... names) {
            cipherSuites.clear();
            for (String name : names) {
                cipherSuites.add(Objects.requireNonNull(name, "cipher suite"));
            }
            return this;
        }

        /**
         * Restricts the named groups the server accepts, replacing earlier calls; selects BCJSSE
         * under {@link Engine#AUTO}. BCJSSE only uses an ECDSA certificate whose curve is among these
         * groups (in TLS 1.3 too), so without {@code secp256r1} the default identity becomes
         * {@link TestPki#rsaServer()}.
         *
         * @param names group names such as {@code x25519}, {@code secp256r1}
         * @return this builder
         */
        public Builder namedGroups(String... names) {
            namedGroups.clear();
            for (String name : names) {
                namedGroups.add(Objects.requireNonNull(name, "named group"));
            }
            return this;
        }

        /**
         * Sets the ALPN protocols the server selects from, in its order of preference, replacing
         * earlier calls. With SunJSSE, a client that offers none of them fails the handshake
         * ({@code no_application_protocol}).
         *
         * @param ids protocol ids such as {@code http/1.1}
         * @return this builder
         */
        public Builder applicationProtocols(String... ids) {
            applicationProtocols.clear();
            for (String id : ids) {
                applicationProtocols.add(Objects.requireNonNull(id, "application protocol"));
            }
            return this;
        }

        /**
         * Requires a client certificate (default false).
         *
         * @param need true for mutual TLS
         * @return this builder
         */
        public Builder needClientAuth(boolean need) {
            this.needClientAuth = need;
            return this;
        }

        /**
         * Sets the CAs that client certificates must chain to (default: the shared PKI's root),
         * replacing earlier calls.
         *
         * @param anchors trusted CA certificates
         * @return this builder
         */
        public Builder clientTrust(X509Certificate... anchors) {
            clientTrust.clear();
            for (X509Certificate anchor : anchors) {
                clientTrust.add(Objects.requireNonNull(anchor, "anchor"));
            }
            return this;
        }

        /**
         * Makes the server accept TCP connections and never answer the ClientHello: it reads and
         * discards like {@link Behaviour#SILENT}, whatever the behaviour (default false).
         *
         * @param stall true to stall every handshake
         * @return this builder
         */
        public Builder stallBeforeHandshake(boolean stall) {
            this.stallBeforeHandshake = stall;
            return this;
        }

        /**
         * Sets how long the server waits for a client to finish the handshake (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("invalid handshake timeout " + timeout + ": must be positive");
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Chooses the JSSE implementation (default {@link Engine#AUTO}).
         *
         * @param engine the engine
         * @return this builder
         */
        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if the chosen engine cannot serve these options
         */
        public TlsServerOptions build() {
            return new TlsServerOptions(this);
        }
    }
}
