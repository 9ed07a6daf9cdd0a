package tcp.client.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECKey;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * Builds one X.509 v3 certificate for a given key pair with nothing implicit: unlike
 * {@link TestPki.LeafBuilder}, it adds only the extensions asked for, so a test can make exactly the
 * certificate a rule is about (no extended key usage at all, a key usage without
 * {@code digitalSignature}, an RSA-1024 intermediate, an MD5 signature, RSASSA-PSS over SHA-1, ...).
 *
 * <pre>{@code
 * KeyPair rootKeys = TestPki.ecKeyPair("secp384r1");
 * X509Certificate root = TestPki.certificate("Test Root", rootKeys)
 *         .ca().keyUsage(KeyUsage.KEY_CERT_SIGN).build();                  // self-signed
 * X509Certificate leaf = TestPki.certificate("leaf.test", TestPki.rsaKeyPair(1024))
 *         .issuer("Test Root", rootKeys.getPrivate())
 *         .signatureAlgorithm("SHA1withECDSA")
 *         .dns("leaf.test").extendedKeyUsage(CertificateBuilder.SERVER_AUTH).build();
 * }</pre>
 *
 * <p>Defaults: self-signed with the subject's own key; signed with SHA-256 under the issuer key's
 * algorithm (see {@link #signatureAlgorithm(String)}); valid from one day ago until one day from
 * now; a random positive 63-bit serial number; subject and issuer names of one {@code CN}; no
 * extension. The extensions, when asked for, are basic constraints (critical, {@code cA} true, no
 * path length), key usage (critical), extended key usage (not critical) and subject alternative
 * names (not critical), in that order. Signing goes through the JDK's own providers; no provider is
 * installed.
 *
 * <p>Obtained from {@link TestPki#certificate(String, KeyPair)}. Not thread-safe; {@link #build()}
 * may be called more than once, and each call makes a new certificate (with a new serial number)
 * for the same key.
 */
public final class CertificateBuilder {

    /** The {@code id-kp-serverAuth} extended key usage OID, {@value}. */
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** The {@code id-kp-clientAuth} extended key usage OID, {@value}. */
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** The {@code anyExtendedKeyUsage} OID, {@value}. */
    public static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    /** The bits of the key usage extension (RFC 5280, section 4.2.1.3). */
    public enum KeyUsage {
        /** {@code digitalSignature}, bit 0. */
        DIGITAL_SIGNATURE(1 << 7),
        /** {@code nonRepudiation} (also {@code contentCommitment}), bit 1. */
        NON_REPUDIATION(1 << 6),
        /** {@code keyEncipherment}, bit 2. */
        KEY_ENCIPHERMENT(1 << 5),
        /** {@code dataEncipherment}, bit 3. */
        DATA_ENCIPHERMENT(1 << 4),
        /** {@code keyAgreement}, bit 4. */
        KEY_AGREEMENT(1 << 3),
        /** {@code keyCertSign}, bit 5. */
        KEY_CERT_SIGN(1 << 2),
        /** {@code cRLSign}, bit 6. */
        CRL_SIGN(1 << 1),
        /** {@code encipherOnly}, bit 7. */
        ENCIPHER_ONLY(1),
        /** {@code decipherOnly}, bit 8. */
        DECIPHER_ONLY(1 << 15);

        private final int mask;

        KeyUsage(int mask) {
            this.mask = mask;
        }
    }

    private static final Duration VALIDITY_MARGIN = Duration.ofDays(1);

    private final String subjectName;
    private final KeyPair subjectKeys;
    private X500Name issuerName;
    private PrivateKey issuerKey;
    private String signatureAlgorithm;
    private Instant notBefore;
    private Instant notAfter;
    private final List<GeneralName> subjectAltNames = new ArrayList<>();
    private List<String> extendedKeyUsages;
    private KeyUsage[] keyUsages;
    private boolean ca;

    CertificateBuilder(String commonName, KeyPair keys) {
        this.subjectName = requireCommonName(commonName);
        this.subjectKeys = Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(keys.getPublic(), "keys.getPublic()");
        Objects.requireNonNull(keys.getPrivate(), "keys.getPrivate()");
    }

    /**
     * Signs with the given key and names the issuer {@code CN=commonName}. The key need not match
     * any certificate: a test may pretend that a certificate was issued by a CA it never made.
     *
     * @param commonName the issuer's CN
     * @param key the issuer's private key, which signs the certificate
     * @return this builder
     */
    public CertificateBuilder issuer(String commonName, PrivateKey key) {
        this.issuerName = TestPki.name(requireCommonName(commonName));
        this.issuerKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /**
     * Signs with the given identity's key and names its certificate's subject as the issuer; adds no
     * authority key identifier.
     *
     * @param issuer the issuing identity, e.g. {@link TestPki#intermediateCa()}
     * @return this builder
     */
    public CertificateBuilder signedBy(Identity issuer) {
        Objects.requireNonNull(issuer, "issuer");
        this.issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        this.issuerKey = issuer.privateKey();
        return this;
    }

    /**
     * Makes the certificate self-signed (the default): the issuer is the subject, and the subject's
     * own key signs.
     *
     * @return this builder
     */
    public CertificateBuilder selfSigned() {
        this.issuerName = null;
        this.issuerKey = null;
        return this;
    }

    /**
     * Sets the signature algorithm by its JCA name, as Bouncy Castle's
     * {@code DefaultSignatureAlgorithmIdentifierFinder} knows it: for example {@code SHA256withRSA},
     * {@code SHA1withRSA}, {@code MD5withRSA}, {@code SHA256withECDSA}, {@code SHA1withECDSA},
     * {@code Ed25519}, {@code Ed448}, and RSASSA-PSS named by its hash: {@code SHA256withRSAandMGF1}
     * (SHA-256, MGF1 with SHA-256, 32-byte salt, parameters written out) or
     * {@code SHA1withRSAandMGF1} (all RFC 4055 defaults, so the parameters are an empty
     * {@code SEQUENCE}). RSASSA-PSS signs with both {@code RSA} and {@code RSASSA-PSS} keys.
     *
     * <p>Without this call: {@code SHA256withRSA} for an RSA issuer key,
     * {@code SHA256withRSAandMGF1} for an RSASSA-PSS key, {@code SHA256withECDSA} for an EC key
     * (whatever its curve), and {@code Ed25519} or {@code Ed448} for an EdDSA key.
     *
     * @param name the algorithm name
     * @return this builder
     * @throws IllegalArgumentException if the name is unknown
     */
    public CertificateBuilder signatureAlgorithm(String name) {
        algorithmIdentifier(Objects.requireNonNull(name, "name"));
        this.signatureAlgorithm = name;
        return this;
    }

    /**
     * Sets the start of the validity period (default: one day ago).
     *
     * @param instant not-before
     * @return this builder
     */
    public CertificateBuilder validFrom(Instant instant) {
        this.notBefore = Objects.requireNonNull(instant, "instant");
        return this;
    }

    /**
     * Sets the end of the validity period (default: one day from now).
     *
     * @param instant not-after
     * @return this builder
     */
    public CertificateBuilder validUntil(Instant instant) {
        this.notAfter = Objects.requireNonNull(instant, "instant");
        return this;
    }

    /**
     * Adds DNS subject alternative names, written as given: wildcards, trailing dots and malformed
     * patterns such as {@code f*.example.com} are kept. The names keep the order of the
     * {@code dns} and {@code ip} calls.
     *
     * @param names the names
     * @return this builder
     */
    public CertificateBuilder dns(String... names) {
        for (String name : names) {
            subjectAltNames.add(new GeneralName(GeneralName.dNSName, Objects.requireNonNull(name, "name")));
        }
        return this;
    }

    /**
     * Adds IP address subject alternative names (4 or 16 octets).
     *
     * @param addresses IPv4 or IPv6 literals
     * @return this builder
     * @throws IllegalArgumentException if one is not an IP literal
     */
    public CertificateBuilder ip(String... addresses) {
        for (String address : addresses) {
            Objects.requireNonNull(address, "address");
            if (!TestPki.isIpLiteral(address)) {
                throw new IllegalArgumentException("invalid IP SAN \"" + address + "\": not an IP literal");
            }
            subjectAltNames.add(new GeneralName(GeneralName.iPAddress, address));
        }
        return this;
    }

    /**
     * Sets the key usage extension to exactly the given bits, replacing any earlier call. With no
     * argument the extension is present with no bit set.
     *
     * @param usages the bits to set
     * @return this builder
     */
    public CertificateBuilder keyUsage(KeyUsage... usages) {
        for (KeyUsage usage : usages) {
            Objects.requireNonNull(usage, "usage");
        }
        this.keyUsages = usages.clone();
        return this;
    }

    /**
     * Leaves the key usage extension out (the default).
     *
     * @return this builder
     */
    public CertificateBuilder noKeyUsage() {
        this.keyUsages = null;
        return this;
    }

    /**
     * Sets the extended key usage extension to exactly the given purposes, in this order,
     * replacing any earlier call; for example {@link #SERVER_AUTH}, {@link #CLIENT_AUTH} or
     * {@link #ANY_EXTENDED_KEY_USAGE}. With no argument the extension is present and empty, which
     * RFC 5280 does not allow.
     *
     * @param oids the key purpose OIDs in dotted form
     * @return this builder
     * @throws IllegalArgumentException if one is not a valid OID
     */
    public CertificateBuilder extendedKeyUsage(String... oids) {
        List<String> list = new ArrayList<>();
        for (String oid : oids) {
            Objects.requireNonNull(oid, "oid");
            if (ASN1ObjectIdentifier.tryFromID(oid) == null) {
                throw new IllegalArgumentException("invalid extended key usage \"" + oid + "\": not an OID");
            }
            list.add(oid);
        }
        this.extendedKeyUsages = list;
        return this;
    }

    /**
     * Leaves the extended key usage extension out (the default): a certificate for any purpose.
     *
     * @return this builder
     */
    public CertificateBuilder noExtendedKeyUsage() {
        this.extendedKeyUsages = null;
        return this;
    }

    /**
     * Adds a critical basic constraints extension with {@code cA} true and no path length. Sets no
     * key usage; add {@link KeyUsage#KEY_CERT_SIGN} with {@link #keyUsage(KeyUsage...)} if wanted.
     *
     * @return this builder
     */
    public CertificateBuilder ca() {
        this.ca = true;
        return this;
    }

    /**
     * Signs the certificate.
     *
     * @return the new certificate
     * @throws IllegalArgumentException if the validity period ends before it starts, or the
     *     signature algorithm does not fit the issuer key
     */
    public X509Certificate build() {
        Instant now = Instant.now();
        Instant from = notBefore != null ? notBefore : now.minus(VALIDITY_MARGIN);
        Instant until = notAfter != null ? notAfter : now.plus(VALIDITY_MARGIN);
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("invalid validity: " + until + " is not after " + from);
        }
        X500Name subject = TestPki.name(subjectName);
        X500Name issuer = issuerName != null ? issuerName : subject;
        PrivateKey signingKey = issuerKey != null ? issuerKey : subjectKeys.getPrivate();
        String algorithm = signatureAlgorithm != null ? signatureAlgorithm : defaultAlgorithm(signingKey);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, TestPki.serial(),
                    Date.from(from), Date.from(until), subject, subjectKeys.getPublic());
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            }
            if (keyUsages != null) {
                int mask = 0;
                for (KeyUsage usage : keyUsages) {
                    mask |= usage.mask;
                }
                builder.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(mask));
            }
            if (extendedKeyUsages != null) {
                ASN1ObjectIdentifier[] purposes = extendedKeyUsages.stream()
                        .map(ASN1ObjectIdentifier::new).toArray(ASN1ObjectIdentifier[]::new);
                builder.addExtension(Extension.extendedKeyUsage, false, new DERSequence(purposes));
            }
            if (!subjectAltNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(subjectAltNames.toArray(new GeneralName[0])));
            }
            return sign(builder, signingKey, algorithm);
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode the certificate for \"" + subjectName + "\"", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign the certificate for \"" + subjectName + "\" with "
                    + algorithm + " and a " + signingKey.getAlgorithm() + " key", e);
        }
    }

    /**
     * Signs the certificate and pairs it with the subject's private key, for a peer that should
     * present it. The chain is the certificate alone.
     *
     * @return the new identity
     * @throws IllegalArgumentException as {@link #build()}
     */
    public Identity issue() {
        return new Identity(subjectName, subjectKeys.getPrivate(), List.of(build()));
    }

    @Override
    public String toString() {
        return "CertificateBuilder[CN=" + subjectName + ", " + subjectKeys.getPublic().getAlgorithm() + "]";
    }

    /**
     * Signs {@code builder} with {@code key} under the named algorithm through the JDK's providers.
     * Bouncy Castle's own JCA signer cannot do RSASSA-PSS over the JDK, which only knows it as
     * {@code RSASSA-PSS} with explicit parameters; so the signature is made here.
     */
    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, String algorithm)
            throws GeneralSecurityException {
        AlgorithmIdentifier id = algorithmIdentifier(algorithm);
        Signature signature;
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(id.getAlgorithm())) {
            signature = Signature.getInstance("RSASSA-PSS");
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
            try {
                parameters.init(id.getParameters().toASN1Primitive().getEncoded());
            } catch (IOException e) {
                throw new GeneralSecurityException("cannot read the RSASSA-PSS parameters of " + algorithm, e);
            }
            signature.setParameter(parameters.getParameterSpec(PSSParameterSpec.class));
        } else {
            signature = Signature.getInstance(algorithm);
        }
        signature.initSign(key, PrivateProviders.random());
        JdkSigner signer = new JdkSigner(id, signature);
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (RuntimeOperatorException e) {
            throw new GeneralSecurityException("cannot sign with " + algorithm, e.getCause());
        }
    }

    private static AlgorithmIdentifier algorithmIdentifier(String algorithm) {
        try {
            return new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid signature algorithm \"" + algorithm + "\": unknown", e);
        }
    }

    private static String defaultAlgorithm(PrivateKey key) {
        switch (key.getAlgorithm()) {
            case "RSA":
                return "SHA256withRSA";
            case "RSASSA-PSS":
                return "SHA256withRSAandMGF1";
            case "EC":
                return "SHA256withECDSA";
            case "Ed25519":
            case "Ed448":
                return key.getAlgorithm();
            case "EdDSA":
                return key instanceof EdECKey edec ? edec.getParams().getName() : "Ed25519";
            default:
                throw new IllegalArgumentException("no default signature algorithm for a " + key.getAlgorithm()
                        + " key; call signatureAlgorithm(...)");
        }
    }

    private static String requireCommonName(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("invalid common name \"" + commonName + "\": blank");
        }
        return commonName;
    }

    /** A {@link ContentSigner} over an initialised JDK {@link Signature}. */
    private static final class JdkSigner implements ContentSigner {
        private final AlgorithmIdentifier id;
        private final Signature signature;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        JdkSigner(AlgorithmIdentifier id, Signature signature) {
            this.id = id;
            this.signature = signature;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return id;
        }

        @Override
        public OutputStream getOutputStream() {
            return data;
        }

        @Override
        public byte[] getSignature() {
            try {
                signature.update(data.toByteArray());
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new RuntimeOperatorException("cannot sign: " + e.getMessage(), e);
            }
        }
    }
}
