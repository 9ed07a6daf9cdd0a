package tcp.client.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A test PKI generated at run time: a root CA ({@code CN=Test Root}), an intermediate CA
 * ({@code CN=Test Intermediate}) signed by it, a second, independent root that nothing trusts
 * ({@code CN=Untrusted Test Root}), and a builder for leaves, including the odd ones that clients
 * must reject.
 *
 * <pre>{@code
 * TestPki pki = TestPki.shared();
 * Identity server = pki.server();                       // CN=localhost, leaf + intermediate
 * Identity expired = pki.leaf("localhost").expired().issue();
 * KeyStore trust = pki.rootKeyStore();
 * }</pre>
 *
 * <p>Leaves and the intermediate have EC P-256 keys unless asked otherwise, because RSA key
 * generation is slow. The root of {@link #shared()} and {@link #create()} has an RSA-2048 key, and
 * {@link #rsaServer()} chains to it through an RSA intermediate ({@code CN=Test RSA Intermediate}),
 * so that one chain carries no ECDSA signature at all: Bouncy Castle's JSSE only accepts ECDSA P-256
 * signatures when the secp256r1 group is enabled, so a peer restricted to x25519 needs such a
 * chain. Certificates are signed with SHA-256 (SHA-1 on request) through the JDK's own providers;
 * no provider is installed.
 *
 * <p>For certificates that break one rule at a time, with any key and nothing implicit, the static
 * {@link #certificate(String, KeyPair)} starts a {@link CertificateBuilder}; {@link #rsaKeyPair(int)},
 * {@link #ecKeyPair(String)}, {@link #ed25519KeyPair()}, {@link #rsaPssKeyPair(int)} and
 * {@link #keyPair(String)} make its keys, {@link #pem(X509Certificate...)} and
 * {@link #pem(String, byte[])} encode the results, and {@link Keytool} makes certificates with a tool
 * this project did not write:
 *
 * <pre>{@code
 * KeyPair keys = TestPki.ecKeyPair("secp256r1");
 * X509Certificate cnOnly = TestPki.certificate("localhost", keys).build();   // no SAN, no EKU
 * X509Certificate weak = TestPki.certificate("leaf.test", TestPki.rsaKeyPair(1024))
 *         .issuer("Test Intermediate", keys.getPrivate()).signatureAlgorithm("SHA256withECDSA")
 *         .dns("leaf.test").extendedKeyUsage(CertificateBuilder.SERVER_AUTH).build();
 * String text = TestPki.pem(weak);
 * }</pre>
 *
 * <p>Thread-safe: a {@code TestPki} is immutable apart from its lazily built, cached default
 * identities. {@link LeafBuilder} is not thread-safe.
 */
public final class TestPki {

    /** The key type of the root CA certificate. */
    public enum KeyType {
        /** EC on the P-256 curve (secp256r1), signed with ECDSA. Fast to generate. */
        EC_P256,
        /** RSA with a 2048-bit modulus, signed with RSA PKCS#1 v1.5. */
        RSA_2048
    }

    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final Duration LEAF_LIFETIME = Duration.ofDays(30);
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static final class Shared {
        static final TestPki INSTANCE = create();
    }

    private final Instant created = Instant.now();
    private final Identity root;
    private final Identity intermediate;
    private final Identity untrustedRoot;

    private Identity rsaIntermediate;
    private Identity server;
    private Identity rsaServer;
    private Identity client;

    private TestPki(KeyType rootKeys) {
        this.root = caBuilder("Test Root", rootKeys, null).selfSigned().issue();
        this.intermediate = caBuilder("Test Intermediate", KeyType.EC_P256, this).signedBy(root).issue();
        this.untrustedRoot = caBuilder("Untrusted Test Root", KeyType.EC_P256, null).selfSigned().issue();
    }

    /**
     * Generates a new PKI with an RSA-2048 root and an EC P-256 intermediate, as {@link #shared()}.
     * Takes a few hundred milliseconds; prefer {@link #shared()}.
     *
     * @return a new PKI
     */
    public static TestPki create() {
        return new TestPki(KeyType.RSA_2048);
    }

    /**
     * Generates a new PKI whose root has a key of the given type; the intermediates are as in
     * {@link #create()}. With {@link KeyType#EC_P256} the PKI is quicker to make, but
     * {@link #rsaServer()}'s chain then carries the root's ECDSA signature.
     *
     * @param rootKeys the key type of the root
     * @return a new PKI
     */
    public static TestPki create(KeyType rootKeys) {
        return new TestPki(Objects.requireNonNull(rootKeys, "rootKeys"));
    }

    /**
     * The PKI shared by everything in this JVM, generated on first use (as {@link #create()}).
     *
     * @return the shared PKI
     */
    public static TestPki shared() {
        return Shared.INSTANCE;
    }

    /**
     * The root CA certificate ({@code CN=Test Root}), the trust anchor of every default leaf.
     *
     * @return the root certificate
     */
    public X509Certificate root() {
        return root.certificate();
    }

    /**
     * The root certificate as one PEM {@code CERTIFICATE} block.
     *
     * @return PEM text
     */
    public String rootPem() {
        return root.certificatePem();
    }

    /**
     * A new PKCS#12 trust store holding only the root, under the alias {@code test-root}; use it with
     * {@code TrustManagerFactory.init(KeyStore)}.
     *
     * @return a loaded key store with no password
     */
    public KeyStore rootKeyStore() {
        return trustStore(root());
    }

    /**
     * The root CA as an identity (its key and self-signed certificate), for
     * {@link LeafBuilder#signedBy(Identity)}.
     *
     * @return the root identity, whose chain is the root alone
     */
    public Identity rootCa() {
        return root;
    }

    /**
     * The intermediate CA certificate ({@code CN=Test Intermediate}), signed by the root.
     *
     * @return the intermediate certificate
     */
    public X509Certificate intermediate() {
        return intermediate.certificate();
    }

    /**
     * The intermediate CA as an identity; it signs every leaf unless told otherwise.
     *
     * @return the intermediate identity, whose chain is the intermediate alone
     */
    public Identity intermediateCa() {
        return intermediate;
    }

    /**
     * The RSA-2048 intermediate CA ({@code CN=Test RSA Intermediate}), signed by the root; it signs
     * {@link #rsaServer()}. Built on first use.
     *
     * @return the RSA intermediate identity, whose chain is the intermediate alone
     */
    public synchronized Identity rsaIntermediateCa() {
        if (rsaIntermediate == null) {
            rsaIntermediate = caBuilder("Test RSA Intermediate", KeyType.RSA_2048, this).signedBy(root).issue();
        }
        return rsaIntermediate;
    }

    /**
     * A second root ({@code CN=Untrusted Test Root}) that is independent of {@link #root()}; leaves
     * from {@link LeafBuilder#fromUntrustedRoot()} chain to it.
     *
     * @return the untrusted root certificate
     */
    public X509Certificate untrustedRoot() {
        return untrustedRoot.certificate();
    }

    /**
     * The untrusted root as PEM.
     *
     * @return PEM text
     */
    public String untrustedRootPem() {
        return untrustedRoot.certificatePem();
    }

    /**
     * The default server identity: {@code CN=localhost}, SAN {@code dns:localhost},
     * {@code ip:127.0.0.1} and {@code ip:::1}, EC P-256, serverAuth, chain leaf + intermediate.
     * Built once per PKI.
     *
     * @return the server identity
     */
    public synchronized Identity server() {
        if (server == null) {
            server = leaf("localhost").dns("localhost").ip("127.0.0.1", "::1").issue();
        }
        return server;
    }

    /**
     * Like {@link #server()} but with an RSA-2048 key, issued by {@link #rsaIntermediateCa()}: for
     * RSA key exchange suites such as {@code TLS_RSA_WITH_AES_128_CBC_SHA}, and for servers whose
     * named groups exclude secp256r1. Built once per PKI (RSA generation is slow).
     *
     * @return the RSA server identity, chain leaf + RSA intermediate
     */
    public synchronized Identity rsaServer() {
        if (rsaServer == null) {
            rsaServer = leaf("localhost").dns("localhost").ip("127.0.0.1", "::1").rsa(2048)
                    .signedBy(rsaIntermediateCa()).issue();
        }
        return rsaServer;
    }

    /**
     * The default client identity: {@code CN=test-client}, clientAuth only, no SAN, EC P-256, chain
     * leaf + intermediate. Built once per PKI.
     *
     * @return the client identity
     */
    public synchronized Identity client() {
        if (client == null) {
            client = leaf("test-client").forClient().issue();
        }
        return client;
    }

    /**
     * Starts a leaf certificate with the given subject common name.
     *
     * <p>Defaults: EC P-256 key, SHA-256 signature, valid from one hour ago for 30 days, extended key
     * usage serverAuth, signed by the intermediate, chain leaf + intermediate, and, when no
     * {@code dns}/{@code ip} is given, one SAN derived from the common name (an IP SAN if it is an IP
     * literal, otherwise a DNS SAN).
     *
     * @param commonName the CN
     * @return a new builder
     */
    public LeafBuilder leaf(String commonName) {
        return new LeafBuilder(this, commonName);
    }

    /**
     * A new PKCS#12 trust store holding the given certificates as trusted entries.
     *
     * @param anchors the certificates to trust
     * @return a loaded key store with no password
     */
    public static KeyStore trustStore(X509Certificate... anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                store.setCertificateEntry(i == 0 ? "test-root" : "test-root-" + i,
                        Objects.requireNonNull(anchors[i], "anchor"));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /**
     * Starts a certificate for the given key pair with nothing implicit: self-signed, no extension
     * unless asked for, any key type and signature algorithm. For certificates that break one rule
     * at a time; {@link #leaf(String)} makes the usual, well-formed leaves.
     *
     * @param commonName the subject CN
     * @param keys the subject's key pair, e.g. from {@link #ecKeyPair(String)}
     * @return a new builder
     */
    public static CertificateBuilder certificate(String commonName, KeyPair keys) {
        return new CertificateBuilder(commonName, keys);
    }

    /**
     * Generates an RSA key pair ({@code RSA}, for PKCS#1 v1.5 and RSASSA-PSS signatures alike).
     *
     * @param bits the modulus size, e.g. 1024 for a too-weak key
     * @return a new key pair
     * @throws IllegalArgumentException if the JDK refuses the size
     */
    public static KeyPair rsaKeyPair(int bits) {
        return generate("RSA", bits);
    }

    /**
     * Generates an RSA key pair restricted to RSASSA-PSS (key algorithm {@code RSASSA-PSS}, OID
     * 1.2.840.113549.1.1.10 in the certificate, no parameters).
     *
     * @param bits the modulus size
     * @return a new key pair
     * @throws IllegalArgumentException if the JDK refuses the size
     */
    public static KeyPair rsaPssKeyPair(int bits) {
        return generate("RSASSA-PSS", bits);
    }

    /**
     * Generates an EC key pair on a named curve.
     *
     * @param curve the JDK's curve name, e.g. {@code secp256r1}, {@code secp384r1} or
     *     {@code secp521r1}
     * @return a new key pair
     * @throws IllegalArgumentException if the JDK does not know the curve
     */
    public static KeyPair ecKeyPair(String curve) {
        Objects.requireNonNull(curve, "curve");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), PrivateProviders.random());
            return generator.generateKeyPair();
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalArgumentException("invalid EC curve \"" + curve + "\": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC " + curve + " key", e);
        }
    }

    /**
     * Generates an Ed25519 key pair.
     *
     * @return a new key pair
     */
    public static KeyPair ed25519KeyPair() {
        return keyPair("Ed25519");
    }

    /**
     * Generates a key pair of any algorithm the JDK generates, with its default parameters: for
     * example {@code Ed448}, {@code DSA}, {@code X25519}, or {@code RSASSA-PSS} of the default size.
     *
     * @param algorithm the JCA key pair generator name
     * @return a new key pair
     * @throws IllegalArgumentException if the JDK has no such generator
     */
    public static KeyPair keyPair(String algorithm) {
        return generate(algorithm, 0);
    }

    /**
     * One PEM {@code CERTIFICATE} block per certificate, concatenated, as {@link #pem(String, byte[])}
     * writes them.
     *
     * @param certificates the certificates
     * @return PEM text
     */
    public static String pem(X509Certificate... certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            Objects.requireNonNull(certificate, "certificate");
            try {
                text.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return text.toString();
    }

    /**
     * One PEM block of any type around any bytes, as OpenSSL writes it: base64 in lines of 64
     * characters, every line (the last one included) ended by {@code \n} whatever the platform.
     * The bytes need not be valid DER, so that tests can feed broken blocks to a PEM reader.
     *
     * @param type the label, e.g. {@code CERTIFICATE}, {@code PRIVATE KEY} or
     *     {@code EC PRIVATE KEY}
     * @param der the content
     * @return PEM text
     */
    public static String pem(String type, byte[] der) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(der, "der");
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + (body.isEmpty() ? "" : body + "\n")
                + "-----END " + type + "-----\n";
    }

    @Override
    public String toString() {
        return "TestPki[" + root().getSubjectX500Principal().getName() + "]";
    }

    /**
     * Builds one certificate. Not thread-safe; {@link #issue()} may be called more than once, and
     * each call generates a new key.
     */
    public static final class LeafBuilder {
        private enum Usage { SERVER, CLIENT, CA }

        private final TestPki pki;
        private final String commonName;
        private final List<String> dnsNames = new ArrayList<>();
        private final List<String> ipAddresses = new ArrayList<>();
        private boolean noSan;
        private Instant notBefore;
        private Instant notAfter;
        private int rsaBits;
        private boolean sha1;
        private Usage usage = Usage.SERVER;
        private boolean defaultSan = true;
        private Identity issuer;
        private boolean selfSigned;
        private boolean leafOnly;

        private LeafBuilder(TestPki pki, String commonName) {
            this.pki = pki;
            this.commonName = Objects.requireNonNull(commonName, "commonName");
            if (commonName.isBlank()) {
                throw new IllegalArgumentException("invalid common name \"" + commonName + "\": blank");
            }
        }

        /**
         * Adds DNS subject alternative names (wildcards such as {@code *.test.local} allowed).
         *
         * @param names the names
         * @return this builder
         */
        public LeafBuilder dns(String... names) {
            for (String name : names) {
                dnsNames.add(Objects.requireNonNull(name, "name"));
            }
            return this;
        }

        /**
         * Adds IP address subject alternative names.
         *
         * @param addresses IPv4 or IPv6 literals
         * @return this builder
         * @throws IllegalArgumentException if one is not an IP literal
         */
        public LeafBuilder ip(String... addresses) {
            for (String address : addresses) {
                Objects.requireNonNull(address, "address");
                if (!isIpLiteral(address)) {
                    throw new IllegalArgumentException("invalid IP SAN \"" + address + "\": not an IP literal");
                }
                ipAddresses.add(address);
            }
            return this;
        }

        /**
         * Issues the certificate with no subject alternative name at all: only the CN names the host.
         *
         * @return this builder
         */
        public LeafBuilder noSan() {
            this.noSan = true;
            return this;
        }

        /**
         * Sets the start of the validity period.
         *
         * @param instant not-before
         * @return this builder
         */
        public LeafBuilder validFrom(Instant instant) {
            this.notBefore = Objects.requireNonNull(instant, "instant");
            return this;
        }

        /**
         * Sets the end of the validity period.
         *
         * @param instant not-after
         * @return this builder
         */
        public LeafBuilder validUntil(Instant instant) {
            this.notAfter = Objects.requireNonNull(instant, "instant");
            return this;
        }

        /**
         * Makes the certificate expired: valid from 30 days ago until one day ago.
         *
         * @return this builder
         */
        public LeafBuilder expired() {
            Instant now = Instant.now();
            this.notBefore = now.minus(Duration.ofDays(30));
            this.notAfter = now.minus(Duration.ofDays(1));
            return this;
        }

        /**
         * Makes the certificate not yet valid: valid from tomorrow for 30 days.
         *
         * @return this builder
         */
        public LeafBuilder notYetValid() {
            Instant now = Instant.now();
            this.notBefore = now.plus(Duration.ofDays(1));
            this.notAfter = now.plus(Duration.ofDays(31));
            return this;
        }

        /**
         * Uses an RSA key of the given size (e.g. 1024 for a too-weak key, 2048 for RSA suites).
         *
         * @param bits the modulus size, at least 512
         * @return this builder
         */
        public LeafBuilder rsa(int bits) {
            if (bits < 512) {
                throw new IllegalArgumentException("invalid RSA key size " + bits + ": at least 512 bits");
            }
            this.rsaBits = bits;
            return this;
        }

        /**
         * Uses an EC P-256 key (the default).
         *
         * @return this builder
         */
        public LeafBuilder ec() {
            this.rsaBits = 0;
            return this;
        }

        /**
         * Signs the certificate with SHA-1 instead of SHA-256.
         *
         * @return this builder
         */
        public LeafBuilder sha1() {
            this.sha1 = true;
            return this;
        }

        /**
         * Sets the extended key usage to clientAuth only, keeping the SANs: a server certificate
         * that lacks serverAuth.
         *
         * @return this builder
         */
        public LeafBuilder clientAuthOnly() {
            this.usage = Usage.CLIENT;
            return this;
        }

        /**
         * Makes a client certificate: extended key usage clientAuth, and no SAN unless {@code dns}
         * or {@code ip} add one.
         *
         * @return this builder
         */
        public LeafBuilder forClient() {
            this.usage = Usage.CLIENT;
            this.defaultSan = false;
            return this;
        }

        /**
         * Makes a CA certificate (basic constraints CA, keyCertSign), usable as the issuer of
         * other certificates through {@link #signedBy(Identity)}. No SAN, no extended key usage.
         *
         * @return this builder
         */
        public LeafBuilder ca() {
            this.usage = Usage.CA;
            this.defaultSan = false;
            return this;
        }

        /**
         * Signs with the given identity's key; the chain is this certificate followed by the
         * issuer's chain minus any self-signed certificate.
         *
         * @param issuer the issuing identity, e.g. {@link TestPki#rootCa()}
         * @return this builder
         */
        public LeafBuilder signedBy(Identity issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.selfSigned = false;
            return this;
        }

        /**
         * Makes the certificate self-signed (issuer = subject, signed with its own key). The chain is
         * the certificate alone.
         *
         * @return this builder
         */
        public LeafBuilder selfSigned() {
            this.selfSigned = true;
            this.issuer = null;
            return this;
        }

        /**
         * Signs with {@link TestPki#untrustedRoot()}. The chain is the leaf alone.
         *
         * @return this builder
         */
        public LeafBuilder fromUntrustedRoot() {
            return signedBy(pki.untrustedRoot);
        }

        /**
         * Leaves the intermediate out of the chain: a server using this identity sends only the
         * leaf.
         *
         * @return this builder
         */
        public LeafBuilder leafOnly() {
            this.leafOnly = true;
            return this;
        }

        /**
         * Generates the key and signs the certificate.
         *
         * @return the new identity
         * @throws IllegalArgumentException if the validity period ends before it starts
         */
        public Identity issue() {
            Instant now = Instant.now();
            Instant from = notBefore != null ? notBefore : now.minus(CLOCK_SKEW);
            Instant until = notAfter != null ? notAfter : from.plus(LEAF_LIFETIME).plus(CLOCK_SKEW);
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("invalid validity: " + until + " is not after " + from);
            }
            KeyPair keys = rsaBits > 0 ? rsaKeys(rsaBits) : ecKeys();
            X500Name subject = name(commonName);
            Identity signer = selfSigned ? null : issuer != null ? issuer : pki.intermediate;
            X500Name issuerName = signer == null ? subject : X500Name.getInstance(
                    signer.certificate().getSubjectX500Principal().getEncoded());
            try {
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial(),
                        Date.from(from), Date.from(until), subject, keys.getPublic());
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(keys.getPublic()));
                builder.addExtension(Extension.authorityKeyIdentifier, false, signer == null
                        ? extensions.createAuthorityKeyIdentifier(keys.getPublic())
                        : extensions.createAuthorityKeyIdentifier(signer.certificate()));
                if (usage == Usage.CA) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                } else {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    int keyUsage = KeyUsage.digitalSignature
                            | ("RSA".equals(keys.getPublic().getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
                }
                GeneralNames san = subjectAltNames();
                if (san != null) {
                    builder.addExtension(Extension.subjectAlternativeName, false, san);
                }
                PrivateKey signingKey = signer == null ? keys.getPrivate() : signer.privateKey();
                X509Certificate certificate = sign(builder, signingKey, sha1);
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(certificate);
                if (signer != null && !leafOnly) {
                    for (X509Certificate link : signer.chain()) {
                        if (!isSelfSigned(link)) {
                            chain.add(link);
                        }
                    }
                }
                return new Identity(commonName, keys.getPrivate(), chain);
            } catch (GeneralSecurityException | CertIOException e) {
                throw new IllegalStateException("cannot issue a certificate for \"" + commonName + "\"", e);
            }
        }

        private GeneralNames subjectAltNames() {
            if (noSan) {
                return null;
            }
            List<GeneralName> names = new ArrayList<>();
            for (String dns : dnsNames) {
                names.add(new GeneralName(GeneralName.dNSName, dns));
            }
            for (String ip : ipAddresses) {
                names.add(new GeneralName(GeneralName.iPAddress, ip));
            }
            if (names.isEmpty() && defaultSan) {
                names.add(isIpLiteral(commonName)
                        ? new GeneralName(GeneralName.iPAddress, commonName)
                        : new GeneralName(GeneralName.dNSName, commonName));
            }
            return names.isEmpty() ? null : new GeneralNames(names.toArray(new GeneralName[0]));
        }
    }

    private LeafBuilder caBuilder(String commonName, KeyType type, TestPki pki) {
        LeafBuilder builder = new LeafBuilder(pki, commonName).ca()
                .validFrom(created.minus(Duration.ofDays(1))).validUntil(created.plus(CA_LIFETIME));
        return type == KeyType.RSA_2048 ? builder.rsa(2048) : builder;
    }

    static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    static BigInteger serial() {
        return new BigInteger(63, PrivateProviders.random()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, boolean sha1)
            throws GeneralSecurityException {
        String digest = sha1 ? "SHA1" : "SHA256";
        String algorithm = "RSA".equals(key.getAlgorithm()) ? digest + "withRSA" : digest + "withECDSA";
        return CertificateBuilder.sign(builder, key, algorithm);
    }

    private static KeyPair ecKeys() {
        return ecKeyPair("secp256r1");
    }

    private static KeyPair rsaKeys(int bits) {
        return rsaKeyPair(bits);
    }

    private static KeyPair generate(String algorithm, int bits) {
        Objects.requireNonNull(algorithm, "algorithm");
        KeyPairGenerator generator;
        try {
            generator = KeyPairGenerator.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("invalid key algorithm \"" + algorithm + "\": " + e.getMessage(), e);
        }
        if (bits > 0) {
            try {
                generator.initialize(bits, PrivateProviders.random());
            } catch (InvalidParameterException e) {
                throw new IllegalArgumentException("invalid " + algorithm + " key size " + bits + ": "
                        + e.getMessage(), e);
            }
        }
        return generator.generateKeyPair();
    }

    private static boolean isSelfSigned(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    static boolean isIpLiteral(String text) {
        return IPV4.matcher(text).matches() || (text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+"));
    }
}
