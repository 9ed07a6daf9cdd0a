package tcp.client.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A private key with its certificate chain, issued by {@link TestPki}.
 *
 * <p>The chain is ordered leaf first and holds what a peer should send: the leaf and, unless the
 * leaf was issued with {@link TestPki.LeafBuilder#leafOnly()} or directly by a root, the
 * intermediate. Trust anchors (self-signed roots) are never part of the chain.
 *
 * <p>Immutable and thread-safe. The PEM and key-store helpers build a new value on every call.
 */
public final class Identity {

    /**
     * The files written by {@link Identity#writeFiles(Path)}.
     *
     * @param certificate the leaf certificate, PEM
     * @param chain the chain, leaf first, PEM
     * @param privateKey the private key, unencrypted PKCS#8 PEM ({@code PRIVATE KEY})
     * @param traditionalPrivateKey the private key in its algorithm-specific PEM form (SEC1
     *     {@code EC PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY})
     * @param pkcs12 a PKCS#12 key store with the key and chain under the alias {@code identity},
     *     protected by the password {@code changeit}
     */
    public record FileSet(Path certificate, Path chain, Path privateKey, Path traditionalPrivateKey, Path pkcs12) {
        /**
         * Creates the set, rejecting nulls.
         *
         * @param certificate the leaf certificate file
         * @param chain the chain file
         * @param privateKey the PKCS#8 key file
         * @param traditionalPrivateKey the SEC1 or PKCS#1 key file
         * @param pkcs12 the PKCS#12 file
         */
        public FileSet {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(traditionalPrivateKey, "traditionalPrivateKey");
            Objects.requireNonNull(pkcs12, "pkcs12");
        }
    }

    /** The alias under which {@link #keyStore(char[])} stores the key entry. */
    public static final String KEY_ALIAS = "identity";

    /** The password of the PKCS#12 file written by {@link #writeFiles(Path)}. */
    public static final String FILE_PASSWORD = "changeit";

    private final String name;
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;

    Identity(String name, PrivateKey privateKey, List<X509Certificate> chain) {
        this.name = Objects.requireNonNull(name, "name");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("identity \"" + name + "\" has an empty chain");
        }
    }

    /**
     * The subject common name this identity was issued for (used to name files).
     *
     * @return the common name
     */
    public String name() {
        return name;
    }

    /**
     * The private key.
     *
     * @return the key, {@code EC} or {@code RSA}
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * The leaf certificate, the first element of {@link #chain()}.
     *
     * @return the leaf certificate
     */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * The certificate chain, leaf first, without the trust anchor.
     *
     * @return an unmodifiable list of at least one certificate
     */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * The whole chain as concatenated PEM {@code CERTIFICATE} blocks, leaf first.
     *
     * @return PEM text
     */
    public String chainPem() {
        return Pem.write(chain.toArray());
    }

    /**
     * The leaf certificate as one PEM {@code CERTIFICATE} block.
     *
     * @return PEM text
     */
    public String certificatePem() {
        return Pem.write(certificate());
    }

    /**
     * The private key as an unencrypted PKCS#8 PEM block ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @return PEM text
     */
    public String privateKeyPkcs8Pem() {
        try {
            return Pem.write(new JcaPKCS8Generator(privateKey, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode the key of \"" + name + "\" as PKCS#8", e);
        }
    }

    /**
     * The private key as an encrypted PKCS#8 PEM block ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----},
     * PBES2 with AES-256-CBC), for tests of password handling.
     *
     * @param password the password; not kept
     * @return PEM text
     */
    public String privateKeyEncryptedPkcs8Pem(char[] password) {
        Objects.requireNonNull(password, "password");
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(PrivateProviders.bouncyCastle())
                    .setRandom(PrivateProviders.random())
                    .setPassword(password)
                    .build();
            return Pem.write(new JcaPKCS8Generator(privateKey, encryptor).generate());
        } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encrypt the key of \"" + name + "\"", e);
        }
    }

    /**
     * The EC private key as a SEC1 PEM block ({@code -----BEGIN EC PRIVATE KEY-----}).
     *
     * @return PEM text
     * @throws IllegalStateException if the key is not an EC key
     */
    public String privateKeySec1Pem() {
        requireAlgorithm("EC", "SEC1");
        // The JDK's PKCS#8 encoding leaves the curve out of the inner SEC1 structure (it is in the
        // outer AlgorithmIdentifier); a standalone SEC1 key must name it (RFC 5915, section 3).
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(privateKey.getEncoded());
        java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) privateKey;
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                    ec.getParams().getOrder().bitLength(), ec.getS(), null,
                    info.getPrivateKeyAlgorithm().getParameters());
            return Pem.write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the SEC1 key", e);
        }
    }

    /**
     * The RSA private key as a PKCS#1 PEM block ({@code -----BEGIN RSA PRIVATE KEY-----}).
     *
     * @return PEM text
     * @throws IllegalStateException if the key is not an RSA key
     */
    public String privateKeyPkcs1Pem() {
        requireAlgorithm("RSA", "PKCS#1");
        return traditionalPem();
    }

    /**
     * A new PKCS#12 key store holding the key and chain under {@link #KEY_ALIAS}.
     *
     * @param password the store and key password; not kept
     * @return a loaded key store
     */
    public KeyStore keyStore(char[] password) {
        Objects.requireNonNull(password, "password");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, privateKey, password, chain.toArray(new X509Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS#12 store for \"" + name + "\"", e);
        }
    }

    /**
     * Writes the certificate, chain, keys and a PKCS#12 store into {@code dir} (created if missing),
     * named after {@link #name()}; existing files are replaced.
     *
     * @param dir the directory
     * @return the paths written
     * @throws IOException if writing fails
     */
    public FileSet writeFiles(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Files.createDirectories(dir);
        String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
        Path cert = dir.resolve(base + ".crt");
        Path chainFile = dir.resolve(base + "-chain.pem");
        Path key = dir.resolve(base + ".key");
        Path traditional = dir.resolve(base + "-traditional.key");
        Path p12 = dir.resolve(base + ".p12");
        Files.writeString(cert, certificatePem(), StandardCharsets.US_ASCII);
        Files.writeString(chainFile, chainPem(), StandardCharsets.US_ASCII);
        Files.writeString(key, privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
        Files.writeString(traditional, traditionalPem(), StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(p12)) {
            char[] password = FILE_PASSWORD.toCharArray();
            keyStore(password).store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write " + p12, e);
        }
        return new FileSet(cert, chainFile, key, traditional, p12);
    }

    @Override
    public String toString() {
        return "Identity[" + certificate().getSubjectX500Principal().getName() + ", "
                + privateKey.getAlgorithm() + ", chain of " + chain.size() + "]";
    }

    private void requireAlgorithm(String algorithm, String form) {
        if (!algorithm.equals(privateKey.getAlgorithm())) {
            throw new IllegalStateException("identity \"" + name + "\" has a " + privateKey.getAlgorithm()
                    + " key; " + form + " needs " + algorithm);
        }
    }

    private String traditionalPem() {
        // JcaPEMWriter writes PrivateKeyInfo in the OpenSSL "traditional" form: SEC1 for EC,
        // PKCS#1 for RSA.
        return Pem.write(PrivateKeyInfo.getInstance(privateKey.getEncoded()));
    }

    /** PEM encoding through Bouncy Castle's writer. */
    static final class Pem {
        private Pem() {
        }

        static String write(Object... objects) {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                for (Object object : objects) {
                    if (object instanceof PemObject pem) {
                        writer.writeObject(pem);
                    } else {
                        writer.writeObject(object);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write PEM", e);
            }
            return text.toString();
        }
    }
}
