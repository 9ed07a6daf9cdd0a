package tcp.client.api.internal;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys from PEM text, with the JDK only.
 *
 * <p>Why our own: the JDK has no PEM API before Java 25; {@code CertificateFactory} reads
 * certificates but no key format, and {@code KeyFactory} reads only PKCS#8 DER. Users hand us what
 * OpenSSL and Go produce: {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} (SEC1) and
 * {@code RSA PRIVATE KEY} (PKCS#1). The last two are rewrapped as PKCS#8 with a small DER writer so
 * that {@code KeyFactory} can read them. Encrypted keys are refused with a clear message rather
 * than a password option: a password belongs in a {@code KeyStore}.
 *
 * <p>Text outside {@code -----BEGIN ...-----} / {@code -----END ...-----} blocks (comments,
 * OpenSSL's "Bag Attributes") is ignored. Every failure is an {@link IllegalArgumentException}
 * naming the block type and what is wrong, so a bad configuration fails when it is built, not in
 * a handshake.
 *
 * <p>Stateless and thread-safe.
 */
public final class PemReader {
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PKCS8 = "PRIVATE KEY";
    private static final String SEC1 = "EC PRIVATE KEY";
    private static final String PKCS1 = "RSA PRIVATE KEY";
    private static final String ENCRYPTED_PKCS8 = "ENCRYPTED PRIVATE KEY";
    private static final String ENCRYPTED_MESSAGE =
            "encrypted private keys are not supported: decrypt the key or use keyStore(...)";

    static final String OID_RSA = "1.2.840.113549.1.1.1";
    static final String OID_RSASSA_PSS = "1.2.840.113549.1.1.10";
    static final String OID_EC = "1.2.840.10045.2.1";
    static final String OID_ED25519 = "1.3.101.112";
    static final String OID_ED448 = "1.3.101.113";
    static final String OID_DSA = "1.2.840.10040.4.1";

    /** PKCS#8 algorithm OID to the JDK {@code KeyFactory} algorithm that reads it. */
    private static final Map<String, String> KEY_FACTORIES = Map.of(
            OID_RSA, "RSA",
            OID_RSASSA_PSS, "RSASSA-PSS",
            OID_EC, "EC",
            OID_ED25519, "Ed25519",
            OID_ED448, "Ed448",
            OID_DSA, "DSA");

    private PemReader() {
    }

    /** One PEM block: its type, RFC 1421 headers (legacy OpenSSL encryption) and decoded body. */
    private static final class Block {
        final String type;
        final String headers;
        final String base64;

        Block(String type, String headers, String base64) {
            this.type = type;
            this.headers = headers;
            this.base64 = base64;
        }

        boolean isLegacyEncrypted() {
            return headers.toUpperCase(Locale.ROOT).contains("ENCRYPTED");
        }

        byte[] decode() {
            if (base64.isEmpty()) {
                throw new IllegalArgumentException("PEM block \"" + type + "\" is empty");
            }
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "PEM block \"" + type + "\" is not valid base64: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads every {@code CERTIFICATE} block, in order; other blocks are skipped.
     *
     * @param pem PEM text, possibly several concatenated files
     * @return the certificates, at least one
     * @throws IllegalArgumentException if there is no CERTIFICATE block ("no CERTIFICATE block in
     *     PEM"), or a block is malformed (bad base64, not an X.509 certificate)
     * @throws NullPointerException if {@code pem} is null
     */
    public static List<X509Certificate> certificates(String pem) {
        Objects.requireNonNull(pem, "pem");
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 CertificateFactory", e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Block block : blocks(pem)) {
            if (!block.type.equals(CERTIFICATE)) {
                continue;
            }
            int index = out.size() + 1;
            byte[] der = block.decode();
            try {
                Der.parse(der);
            } catch (Der.DerException e) {
                throw new IllegalArgumentException("PEM block \"CERTIFICATE\" #" + index
                        + " holds broken DER: " + e.getMessage(), e);
            }
            try {
                Certificate cert = factory.generateCertificate(new ByteArrayInputStream(der));
                out.add((X509Certificate) cert);
            } catch (CertificateException | ClassCastException e) {
                throw new IllegalArgumentException("PEM block \"CERTIFICATE\" #" + index
                        + " is not a valid X.509 certificate: " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block in PEM");
        }
        return List.copyOf(out);
    }

    /**
     * Reads the one private key in {@code pem}: {@code PRIVATE KEY} (PKCS#8: RSA, RSASSA-PSS, EC,
     * Ed25519, Ed448, DSA), {@code EC PRIVATE KEY} (SEC1 with a named curve) or
     * {@code RSA PRIVATE KEY} (PKCS#1). Certificate blocks and other text are skipped.
     *
     * @param pem PEM text
     * @return the key
     * @throws IllegalArgumentException if there is no key block or more than one, the key is
     *     encrypted ({@code ENCRYPTED PRIVATE KEY} or a {@code Proc-Type: 4,ENCRYPTED} header), its
     *     algorithm is not supported, or its base64 or DER is broken
     * @throws NullPointerException if {@code pem} is null
     */
    public static PrivateKey privateKey(String pem) {
        Objects.requireNonNull(pem, "pem");
        Block key = null;
        for (Block block : blocks(pem)) {
            String t = block.type;
            if (t.equals(ENCRYPTED_PKCS8)) {
                throw new IllegalArgumentException(ENCRYPTED_MESSAGE);
            }
            if (t.endsWith("PRIVATE KEY")) {
                if (key != null) {
                    throw new IllegalArgumentException("more than one private key in PEM (\""
                            + key.type + "\" and \"" + t + "\")");
                }
                key = block;
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("no private key block in PEM (expected \"PRIVATE KEY\", "
                    + "\"EC PRIVATE KEY\" or \"RSA PRIVATE KEY\")");
        }
        if (key.isLegacyEncrypted()) {
            throw new IllegalArgumentException(ENCRYPTED_MESSAGE + " (PEM block \"" + key.type
                    + "\" has a Proc-Type ENCRYPTED header)");
        }
        byte[] der = key.decode();
        try {
            switch (key.type) {
                case PKCS8:
                    return fromPkcs8(key.type, der);
                case SEC1:
                    return fromPkcs8(key.type, sec1ToPkcs8(der));
                case PKCS1:
                    return fromPkcs8(key.type, pkcs1ToPkcs8(der));
                default:
                    throw new IllegalArgumentException("unsupported key block \"" + key.type
                            + "\": convert it to PKCS#8 (\"PRIVATE KEY\")");
            }
        } catch (Der.DerException e) {
            throw new IllegalArgumentException("PEM block \"" + key.type + "\" holds broken DER: "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey fromPkcs8(String type, byte[] pkcs8) throws Der.DerException {
        List<Der.Element> info = Der.parse(pkcs8).sequence();
        if (info.size() < 3) {
            throw new Der.DerException("PrivateKeyInfo needs version, algorithm and key, found "
                    + info.size() + " fields");
        }
        info.get(0).integer();
        List<Der.Element> algorithmIdentifier = info.get(1).sequence();
        if (algorithmIdentifier.isEmpty()) {
            throw new Der.DerException("empty AlgorithmIdentifier in PrivateKeyInfo");
        }
        String oid = algorithmIdentifier.get(0).oid();
        String algorithm = KEY_FACTORIES.get(oid);
        if (algorithm == null) {
            throw new IllegalArgumentException("PEM block \"" + type + "\" holds a key of algorithm "
                    + oid + ", which is not supported (RSA, RSASSA-PSS, EC, Ed25519, Ed448, DSA are)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("PEM block \"" + type + "\" is not a valid " + algorithm
                    + " private key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot read " + algorithm + " keys", e);
        }
    }

    /**
     * SEC1 {@code ECPrivateKey} (RFC 5915) to PKCS#8: the curve moves from the optional [0]
     * parameters into the AlgorithmIdentifier, as RFC 5915 section 3 prescribes.
     */
    static byte[] sec1ToPkcs8(byte[] sec1) throws Der.DerException {
        List<Der.Element> fields = Der.parse(sec1).sequence();
        if (fields.size() < 2) {
            throw new Der.DerException("ECPrivateKey needs version and key, found " + fields.size() + " fields");
        }
        if (!fields.get(0).integer().equals(BigInteger.ONE)) {
            throw new Der.DerException("ECPrivateKey version must be 1");
        }
        byte[] privateKey = fields.get(1).octets();
        String curve = null;
        byte[] publicKey = null;
        for (Der.Element field : fields.subList(2, fields.size())) {
            if (field.isContext(0)) {
                List<Der.Element> params = field.children();
                if (params.size() != 1 || params.get(0).tag() != Der.OBJECT_IDENTIFIER) {
                    throw new IllegalArgumentException("PEM block \"EC PRIVATE KEY\" uses explicit curve "
                            + "parameters, which are not supported: use a named curve");
                }
                curve = params.get(0).oid();
            } else if (field.isContext(1)) {
                publicKey = field.encoded();
            }
        }
        if (curve == null) {
            throw new IllegalArgumentException("PEM block \"EC PRIVATE KEY\" names no curve (no [0] "
                    + "parameters): convert it to PKCS#8 (\"PRIVATE KEY\")");
        }
        byte[] inner = publicKey == null
                ? Der.sequence(Der.integer(1), Der.octetString(privateKey))
                : Der.sequence(Der.integer(1), Der.octetString(privateKey), publicKey);
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid(OID_EC), Der.oid(curve)),
                Der.octetString(inner));
    }

    /** PKCS#1 {@code RSAPrivateKey} (RFC 8017) to PKCS#8 with rsaEncryption and NULL parameters. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) throws Der.DerException {
        List<Der.Element> fields = Der.parse(pkcs1).sequence();
        if (fields.size() < 9) {
            throw new Der.DerException("RSAPrivateKey needs 9 integers, found " + fields.size() + " fields");
        }
        for (Der.Element field : fields.subList(0, 9)) {
            field.integer();
        }
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid(OID_RSA), Der.nullValue()),
                Der.octetString(pkcs1));
    }

    /**
     * Checks that {@code key} is the private half of {@code cert}'s public key, by signing 32
     * random bytes and verifying them. A signature works for every key type and provider alike,
     * where comparing key fields would need one branch per algorithm.
     *
     * @throws IllegalArgumentException "private key does not match the certificate SUBJECT", or
     *     when the key cannot sign
     * @throws NullPointerException if an argument is null
     */
    public static void checkKeyMatchesCertificate(PrivateKey key, X509Certificate cert) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(cert, "cert");
        String subject = cert.getSubjectX500Principal().getName();
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        String algorithm;
        AlgorithmParameterSpec params = null;
        // A plain RSA key may belong to a certificate whose key is marked RSASSA-PSS; sign with PSS.
        String keyType = key.getAlgorithm().equals("RSA")
                && cert.getPublicKey().getAlgorithm().equals("RSASSA-PSS") ? "RSASSA-PSS" : key.getAlgorithm();
        switch (keyType) {
            case "RSA":
                algorithm = "SHA256withRSA";
                break;
            case "RSASSA-PSS":
                algorithm = "RSASSA-PSS";
                AlgorithmParameterSpec keyParams = key instanceof RSAKey ? ((RSAKey) key).getParams() : null;
                params = keyParams instanceof PSSParameterSpec ? keyParams
                        : new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
                break;
            case "EC":
                algorithm = "SHA256withECDSA";
                break;
            case "DSA":
                algorithm = "SHA256withDSA";
                break;
            case "EdDSA":
            case "Ed25519":
            case "Ed448":
                algorithm = key.getAlgorithm();
                break;
            default:
                throw new IllegalArgumentException("cannot check a " + key.getAlgorithm()
                        + " private key against the certificate " + subject);
        }
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(algorithm);
            if (params != null) {
                signer.setParameter(params);
            }
            signer.initSign(key);
            signer.update(challenge);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the " + key.getAlgorithm()
                    + " private key cannot sign: " + e.getMessage(), e);
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(algorithm);
            if (params != null) {
                verifier.setParameter(params);
            }
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A public key of another type (an RSA key for an EC certificate) is a mismatch too.
            IllegalArgumentException mismatch = mismatch(subject);
            mismatch.initCause(e);
            throw mismatch;
        }
        if (!valid) {
            throw mismatch(subject);
        }
    }

    private static IllegalArgumentException mismatch(String subject) {
        return new IllegalArgumentException("private key does not match the certificate " + subject);
    }

    /** Splits PEM text into blocks; text between blocks is ignored. */
    private static List<Block> blocks(String pem) {
        List<Block> out = new ArrayList<>();
        Matcher begin = BEGIN.matcher(pem);
        int from = 0;
        while (begin.find(from)) {
            String type = begin.group(1);
            String endMarker = "-----END " + type + "-----";
            int end = pem.indexOf(endMarker, begin.end());
            if (end < 0) {
                throw new IllegalArgumentException("PEM block \"" + type + "\" has no \"" + endMarker + "\" line");
            }
            String body = pem.substring(begin.end(), end);
            if (body.contains("-----BEGIN ")) {
                throw new IllegalArgumentException("PEM block \"" + type + "\" is not closed before the next BEGIN");
            }
            out.add(split(type, body));
            from = end + endMarker.length();
        }
        return out;
    }

    /** Separates RFC 1421 headers ("Proc-Type: ...", ending at a blank line) from the base64. */
    private static Block split(String type, String body) {
        String[] lines = body.split("\\r?\\n|\\r", -1);
        StringBuilder headers = new StringBuilder();
        StringBuilder base64 = new StringBuilder();
        boolean inHeaders = false;
        boolean sawContent = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (!sawContent && line.indexOf(':') >= 0) {
                inHeaders = true;
            }
            if (inHeaders) {
                if (line.isEmpty()) {
                    inHeaders = false;
                } else {
                    headers.append(line).append('\n');
                }
                sawContent = true;
                continue;
            }
            if (!line.isEmpty()) {
                sawContent = true;
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if (!Character.isWhitespace(c)) {
                        base64.append(c);
                    }
                }
            }
        }
        return new Block(type, headers.toString(), base64.toString());
    }
}
