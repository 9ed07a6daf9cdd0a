package tcp.client.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tcp.client.api.internal.CipherSuiteNames;
import tcp.client.api.internal.PemReader;
import tcp.client.api.internal.TlsContexts;

/**
 * TLS settings of a client: whom to trust, what to present, which versions, suites, groups and
 * application protocols to offer. Provider-neutral and immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder()
 *         .rootCaFile(Path.of("ca.pem"))
 *         .versionMin(TlsVersion.TLS_1_3)
 *         .applicationProtocols(List.of("h2", "http/1.1"))
 *         .build();
 * client.setTLS(true, tls, "service.internal");
 * }</pre>
 *
 * <p>Server certificates are always verified, host name included; there is no switch to turn that
 * off. Given roots replace the JDK's trust store unless {@link Builder#includeSystemRoots(boolean)}
 * adds it back. What the syntax alone can refuse (bad PEM, a key that does not match its
 * certificate, a name that is no IANA cipher suite, an unknown group, versionMin above versionMax)
 * is refused by {@link Builder#build()}; what only a transport can judge is refused by
 * {@link ClientTCP#setTLS}. Thread-safe; the builder is not.
 *
 * <p>Clients that share one config share its TLS context per transport: its session cache, and
 * the server chains it has validated. A chain validated once is not run through path validation
 * again while every certificate in it is within its validity; it is recognised only by the exact
 * encoding of every certificate, a failed validation is never remembered, and the host name and
 * the certificate policy are checked on every handshake. A new config validates every chain anew.
 */
public final class TlsConfig {
    /** Named groups this SDK knows, by their TLS names (RFC 8446, RFC 7919). */
    private static final Set<String> KNOWN_GROUPS = Set.of(
            "x25519", "x448", "secp256r1", "secp384r1", "secp521r1",
            "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
            "x25519mlkem768", "secp256r1mlkem768", "secp384r1mlkem1024",
            "mlkem512", "mlkem768", "mlkem1024");

    private final List<X509Certificate> rootCertificates;
    private final boolean includeSystemRoots;
    private final PrivateKey privateKey;
    private final List<X509Certificate> certificateChain;
    private final ReloadableKeyPair reloadableKeyPair;
    private final TlsVersion versionMin;
    private final TlsVersion versionMax;
    private final List<String> cipherSuites;
    private final List<String> namedGroups;
    private final List<String> applicationProtocols;
    private final boolean sessionTicketsDisabled;
    /**
     * The TLS contexts that transports built for this configuration, one per transport: kept here
     * so that they live exactly as long as the configuration does.
     */
    private final ConcurrentMap<Object, Object> contexts = new ConcurrentHashMap<>(2);

    static {
        TlsContexts.attach(config -> config.contexts);
    }

    private TlsConfig(Builder b) {
        this.rootCertificates = List.copyOf(b.roots);
        this.includeSystemRoots = b.includeSystemRoots;
        this.privateKey = b.privateKey;
        this.certificateChain = b.chain;
        this.reloadableKeyPair = b.reloadable;
        this.versionMin = b.versionMin;
        this.versionMax = b.versionMax;
        this.cipherSuites = b.cipherSuites;
        this.namedGroups = b.namedGroups;
        this.applicationProtocols = b.applicationProtocols;
        this.sessionTicketsDisabled = b.sessionTicketsDisabled;
    }

    /** Returns a new builder with the defaults: JDK roots, TLS 1.2 to 1.3, provider suites. */
    public static Builder builder() {
        return new Builder();
    }

    /** The roots given to the builder; empty means the JDK's trust store alone. */
    public List<X509Certificate> rootCertificates() {
        return rootCertificates;
    }

    /**
     * Whether the JDK's trust store is used: when no roots were given, or when
     * {@link Builder#includeSystemRoots(boolean)} asked for it beside them.
     */
    public boolean usesSystemRoots() {
        return includeSystemRoots || rootCertificates.isEmpty();
    }

    /** The client's private key, when a key pair was given: a reloadable pair's current one. */
    public Optional<PrivateKey> privateKey() {
        return reloadableKeyPair != null ? Optional.of(reloadableKeyPair.privateKey()) : Optional.ofNullable(privateKey);
    }

    /**
     * The client's certificate chain, leaf first: a reloadable pair's current one; empty when no
     * key pair was given.
     */
    public List<X509Certificate> certificateChain() {
        return reloadableKeyPair != null ? reloadableKeyPair.certificateChain() : certificateChain;
    }

    /** The reloadable key pair, when {@link Builder#certificatePair(ReloadableKeyPair)} gave one. */
    public Optional<ReloadableKeyPair> reloadableKeyPair() {
        return Optional.ofNullable(reloadableKeyPair);
    }

    /** The lowest version offered; default {@link TlsVersion#TLS_1_2}. */
    public TlsVersion versionMin() {
        return versionMin;
    }

    /** The highest version offered; default {@link TlsVersion#TLS_1_3}. */
    public TlsVersion versionMax() {
        return versionMax;
    }

    /** The suites to offer by IANA name, in order; empty means the SDK's secure defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** The named groups to offer, in order; empty means the transport's defaults. */
    public List<String> namedGroups() {
        return namedGroups;
    }

    /** The ALPN protocols to offer, in order; empty means no ALPN extension. */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /** Whether the client never resumes a session; default false. See {@link Builder#sessionTicketsDisabled}. */
    public boolean sessionTicketsDisabled() {
        return sessionTicketsDisabled;
    }

    /** The protocol names from versionMin to versionMax, for example {@code [TLSv1.3]}. */
    public List<String> protocolNames() {
        List<String> names = new ArrayList<>(2);
        for (TlsVersion v : TlsVersion.values()) {
            if (v.compareTo(versionMin) >= 0 && v.compareTo(versionMax) <= 0) {
                names.add(v.protocolName());
            }
        }
        return List.copyOf(names);
    }

    @Override
    public String toString() {
        return "TlsConfig[roots=" + rootCertificates.size()
                + (includeSystemRoots ? "+system" : "")
                + ", clientCertificate=" + (privateKey != null || reloadableKeyPair != null)
                + ", versions=" + protocolNames()
                + ", cipherSuites=" + cipherSuites
                + ", namedGroups=" + namedGroups
                + ", alpn=" + applicationProtocols
                + ", sessionTicketsDisabled=" + sessionTicketsDisabled + "]";
    }

    /**
     * Builds a {@link TlsConfig}. Setters validate what they can at once; {@link #build()} checks
     * the whole. Not thread-safe; reusable: each {@code build()} takes a snapshot.
     */
    public static final class Builder {
        private final List<X509Certificate> roots = new ArrayList<>();
        private boolean includeSystemRoots;
        private PrivateKey privateKey;
        private List<X509Certificate> chain = List.of();
        private ReloadableKeyPair reloadable;
        private TlsVersion versionMin = TlsVersion.TLS_1_2;
        private TlsVersion versionMax = TlsVersion.TLS_1_3;
        private List<String> cipherSuites = List.of();
        private List<String> namedGroups = List.of();
        private List<String> applicationProtocols = List.of();
        private boolean sessionTicketsDisabled;

        private Builder() {
        }

        /**
         * Adds the root certificates in PEM text (one or more {@code CERTIFICATE} blocks).
         *
         * @throws IllegalArgumentException if the text holds no valid certificate
         */
        public Builder rootCaPem(String pem) {
            roots.addAll(PemReader.certificates(Objects.requireNonNull(pem, "pem")));
            return this;
        }

        /**
         * Adds the root certificates of a PEM file.
         *
         * @throws UncheckedIOException if the file cannot be read
         * @throws IllegalArgumentException if it holds no valid certificate
         */
        public Builder rootCaFile(Path file) {
            return rootCaPem(readFile(file, "root CA file"));
        }

        /** Adds root certificates. */
        public Builder rootCa(X509Certificate... certificates) {
            for (X509Certificate c : certificates) {
                roots.add(Objects.requireNonNull(c, "certificate"));
            }
            return this;
        }

        /**
         * Adds every trusted certificate entry of a key store as a root.
         *
         * @throws IllegalArgumentException if the store holds no certificate entry
         */
        public Builder rootCa(KeyStore trustStore) {
            Objects.requireNonNull(trustStore, "trustStore");
            List<X509Certificate> found = new ArrayList<>();
            try {
                for (String alias : Collections.list(trustStore.aliases())) {
                    if (trustStore.isCertificateEntry(alias)
                            && trustStore.getCertificate(alias) instanceof X509Certificate x) {
                        found.add(x);
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("invalid trust store: " + e.getMessage(), e);
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("trust store holds no trusted certificate entry");
            }
            roots.addAll(found);
            return this;
        }

        /**
         * Also trusts the JDK's trust store beside the given roots, as golib does; default false,
         * so that given roots are the only ones trusted.
         */
        public Builder includeSystemRoots(boolean include) {
            this.includeSystemRoots = include;
            return this;
        }

        /**
         * Sets the client's key pair from PEM text: a key in PKCS#8 ({@code PRIVATE KEY}), SEC1
         * ({@code EC PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}) form, and its chain, leaf
         * first. Replaces any key material given before.
         *
         * @throws IllegalArgumentException if either is invalid, the key is encrypted, or the key
         *     does not match the leaf certificate
         */
        public Builder certificatePairPem(String keyPem, String certChainPem) {
            PrivateKey key = PemReader.privateKey(Objects.requireNonNull(keyPem, "keyPem"));
            List<X509Certificate> certs =
                    PemReader.certificates(Objects.requireNonNull(certChainPem, "certChainPem"));
            PemReader.checkKeyMatchesCertificate(key, certs.get(0));
            this.privateKey = key;
            this.chain = List.copyOf(certs);
            this.reloadable = null;
            return this;
        }

        /**
         * Sets the client's key pair from a PEM key file and a PEM chain file.
         *
         * @throws UncheckedIOException if a file cannot be read
         * @throws IllegalArgumentException as {@link #certificatePairPem}
         */
        public Builder certificatePairFiles(Path key, Path chain) {
            return certificatePairPem(readFile(key, "private key file"),
                    readFile(chain, "certificate chain file"));
        }

        /**
         * Sets the client's key pair to one that can be reloaded while clients use it: each
         * handshake uses the pair current when it starts, and no session is resumed across a
         * reload (see {@link ReloadableKeyPair}). Replaces any key material given before.
         */
        public Builder certificatePair(ReloadableKeyPair pair) {
            this.reloadable = Objects.requireNonNull(pair, "pair");
            this.privateKey = null;
            this.chain = List.of();
            return this;
        }

        /**
         * Sets the client's key pair from a key store holding exactly one private key entry.
         * Replaces any key material given before.
         *
         * @param password the key's password; copied, so the caller may clear it
         * @throws IllegalArgumentException if the store holds no key entry or several, or the key
         *     cannot be recovered with the password
         */
        public Builder keyStore(KeyStore keyStore, char[] password) {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(password, "password");
            char[] pw = password.clone();
            try {
                List<String> keyAliases = new ArrayList<>();
                for (String alias : Collections.list(keyStore.aliases())) {
                    if (keyStore.isKeyEntry(alias)) {
                        keyAliases.add(alias);
                    }
                }
                if (keyAliases.size() != 1) {
                    throw new IllegalArgumentException("key store must hold exactly one private key entry, found "
                            + keyAliases.size() + " " + keyAliases);
                }
                String alias = keyAliases.get(0);
                Key key = keyStore.getKey(alias, pw);
                if (!(key instanceof PrivateKey pk)) {
                    throw new IllegalArgumentException("key store entry \"" + alias + "\" is no private key");
                }
                Certificate[] certs = keyStore.getCertificateChain(alias);
                if (certs == null || certs.length == 0) {
                    throw new IllegalArgumentException("key store entry \"" + alias + "\" has no certificate chain");
                }
                List<X509Certificate> x509 = new ArrayList<>(certs.length);
                for (Certificate c : certs) {
                    if (!(c instanceof X509Certificate x)) {
                        throw new IllegalArgumentException("key store entry \"" + alias + "\" holds a non-X.509 certificate");
                    }
                    x509.add(x);
                }
                PemReader.checkKeyMatchesCertificate(pk, x509.get(0));
                this.privateKey = pk;
                this.chain = List.copyOf(x509);
                this.reloadable = null;
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read the private key from the key store: " + e.getMessage(), e);
            } finally {
                Arrays.fill(pw, '\0');
            }
            return this;
        }

        /** Sets the lowest version offered; default {@link TlsVersion#TLS_1_2}. */
        public Builder versionMin(TlsVersion version) {
            this.versionMin = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Sets the highest version offered; default {@link TlsVersion#TLS_1_3}. */
        public Builder versionMax(TlsVersion version) {
            this.versionMax = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Sets the suites to offer by IANA name, in order of preference; empty restores the secure
         * defaults (forward-secret AEAD suites only).
         *
         * @throws IllegalArgumentException naming the first name that is no IANA cipher suite
         */
        public Builder cipherSuites(List<String> suites) {
            List<String> copy = List.copyOf(suites);
            for (String s : copy) {
                if (!CipherSuiteNames.isIana(s)) {
                    throw new IllegalArgumentException("unknown cipher suite \"" + s + "\": not an IANA TLS cipher suite name");
                }
            }
            this.cipherSuites = copy;
            return this;
        }

        /**
         * Sets the named groups (key exchange curves and finite fields) to offer, in order of
         * preference, by TLS name such as {@code x25519} or {@code secp256r1}.
         *
         * @throws IllegalArgumentException naming the first unknown group
         */
        public Builder namedGroups(List<String> groups) {
            List<String> copy = List.copyOf(groups);
            for (String g : copy) {
                if (!KNOWN_GROUPS.contains(g.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("unknown named group \"" + g + "\": known are " + KNOWN_GROUPS);
                }
            }
            this.namedGroups = copy;
            return this;
        }

        /**
         * Sets the ALPN protocols to offer, in order of preference.
         *
         * @throws IllegalArgumentException if a name is empty or longer than 255 bytes
         */
        public Builder applicationProtocols(List<String> protocols) {
            List<String> copy = List.copyOf(protocols);
            for (String p : copy) {
                int len = p.getBytes(StandardCharsets.UTF_8).length;
                if (len == 0 || len > 255) {
                    throw new IllegalArgumentException("invalid application protocol \"" + p + "\": length must be 1-255 bytes");
                }
            }
            this.applicationProtocols = copy;
            return this;
        }

        /**
         * Turns session resumption off for this configuration: no session of it is ever resumed
         * (no TLS 1.3 PSK, no TLS 1.2 ticket or session ID), on every transport and version, and
         * each handshake is full. Where the transport can, no session_ticket extension is sent;
         * SunJSSE ({@code jdk}) can leave it out only JVM-wide, so with TLS 1.2 offered its
         * ClientHello carries an empty one. Default false: clients of one configuration share a
         * session cache and a reconnect resumes where the server agrees.
         */
        public Builder sessionTicketsDisabled(boolean disabled) {
            this.sessionTicketsDisabled = disabled;
            return this;
        }

        /**
         * Checks the settings as a whole and takes an immutable snapshot.
         *
         * @throws IllegalArgumentException if versionMin is above versionMax
         */
        public TlsConfig build() {
            if (versionMin.compareTo(versionMax) > 0) {
                throw new IllegalArgumentException("versionMin " + versionMin.protocolName()
                        + " is above versionMax " + versionMax.protocolName());
            }
            return new TlsConfig(this);
        }

        private static String readFile(Path file, String what) {
            Objects.requireNonNull(file, what);
            try {
                return Files.readString(file, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
