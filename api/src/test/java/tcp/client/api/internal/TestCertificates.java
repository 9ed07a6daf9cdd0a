package tcp.client.api.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds X.509 certificates in tests with the JDK and {@link Der} only, so every test chooses its
 * SANs, key usages, key sizes and signature algorithms; and runs {@code keytool} for a few
 * cross-checks against certificates made by a tool we did not write.
 */
final class TestCertificates {
    static final int DIGITAL_SIGNATURE = 0x80;
    static final int KEY_ENCIPHERMENT = 0x20;
    static final int KEY_AGREEMENT = 0x08;
    static final int KEY_CERT_SIGN = 0x04;

    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EKU = "2.5.29.37.0";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    static KeyPair rsa(int bits) {
        return generate("RSA", bits);
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static Builder builder(String subjectCn, KeyPair subject) {
        return new Builder(subjectCn, subject);
    }

    /** PEM text for DER bytes, 64 characters a line, as OpenSSL writes it. */
    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static String pem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs {@code keytool -genkeypair} with {@code args} into a PKCS12 store in {@code dir} and
     * returns the certificate it made.
     */
    static X509Certificate keytool(Path dir, String alias, String... args) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-noprompt", "-alias", alias, "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit",
                "-validity", "2"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(8, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("keytool did not finish: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) ks.getCertificate(alias);
    }

    static final class Builder {
        private final String subjectCn;
        private final PublicKey subjectKey;
        private String issuerCn;
        private PrivateKey issuerKey;
        private String signatureAlgorithm;
        private final List<byte[]> generalNames = new ArrayList<>();
        private final List<String> extendedKeyUsages = new ArrayList<>();
        private boolean hasExtendedKeyUsage;
        private int keyUsage = -1;
        private boolean ca;

        private Builder(String subjectCn, KeyPair subject) {
            this.subjectCn = subjectCn;
            this.subjectKey = subject.getPublic();
            this.issuerCn = subjectCn;
            this.issuerKey = subject.getPrivate();
        }

        Builder issuer(String cn, PrivateKey key) {
            this.issuerCn = cn;
            this.issuerKey = key;
            return this;
        }

        /** One of SHA256withRSA, SHA1withRSA, MD5withRSA, SHA256withECDSA, SHA1withECDSA,
         * Ed25519, RSASSA-PSS (SHA-256) and RSASSA-PSS/SHA1 (default parameters). */
        Builder signatureAlgorithm(String name) {
            this.signatureAlgorithm = name;
            return this;
        }

        Builder dns(String... names) {
            for (String n : names) {
                generalNames.add(Der.encode(0x82, n.getBytes(StandardCharsets.US_ASCII)));
            }
            return this;
        }

        Builder ip(String... literals) {
            for (String literal : literals) {
                try {
                    generalNames.add(Der.encode(0x87, InetAddress.getByName(literal).getAddress()));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return this;
        }

        Builder extendedKeyUsage(String... oids) {
            hasExtendedKeyUsage = true;
            extendedKeyUsages.addAll(List.of(oids));
            return this;
        }

        /** Bits of the first key-usage octet, for example {@link #DIGITAL_SIGNATURE}. */
        Builder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        Builder ca() {
            this.ca = true;
            return this;
        }

        X509Certificate build() {
            try {
                String alg = signatureAlgorithm != null ? signatureAlgorithm : defaultAlgorithm(issuerKey);
                byte[] algorithmId = algorithmIdentifier(alg);
                ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
                DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
                byte[] validity = Der.sequence(
                        Der.encode(Der.UTC_TIME, now.minusDays(1).format(utc).getBytes(StandardCharsets.US_ASCII)),
                        Der.encode(Der.UTC_TIME, now.plusDays(1).format(utc).getBytes(StandardCharsets.US_ASCII)));
                List<byte[]> tbsParts = new ArrayList<>(List.of(
                        Der.explicit(0, Der.integer(2)),
                        Der.integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)),
                        algorithmId,
                        name(issuerCn),
                        validity,
                        name(subjectCn),
                        subjectKey.getEncoded()));
                List<byte[]> extensions = extensions();
                if (!extensions.isEmpty()) {
                    tbsParts.add(Der.explicit(3, Der.sequence(extensions.toArray(new byte[0][]))));
                }
                byte[] tbs = Der.sequence(tbsParts.toArray(new byte[0][]));
                Signature signer = signer(alg);
                signer.initSign(issuerKey);
                signer.update(tbs);
                byte[] cert = Der.sequence(tbs, algorithmId, Der.bitString(signer.sign()));
                return (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(cert));
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        private List<byte[]> extensions() {
            List<byte[]> out = new ArrayList<>();
            if (ca) {
                out.add(extension("2.5.29.19", true, Der.sequence(Der.encode(Der.BOOLEAN, new byte[] {(byte) 0xFF}))));
            }
            if (keyUsage >= 0) {
                int unused = keyUsage == 0 ? 0 : Integer.numberOfTrailingZeros(keyUsage);
                byte[] bits = keyUsage == 0 ? new byte[] {0} : new byte[] {(byte) unused, (byte) keyUsage};
                out.add(extension("2.5.29.15", true, Der.encode(Der.BIT_STRING, bits)));
            }
            if (hasExtendedKeyUsage) {
                byte[][] oids = extendedKeyUsages.stream().map(Der::oid).toArray(byte[][]::new);
                out.add(extension("2.5.29.37", false, Der.sequence(oids)));
            }
            if (!generalNames.isEmpty()) {
                out.add(extension("2.5.29.17", false, Der.sequence(generalNames.toArray(new byte[0][]))));
            }
            return out;
        }

        private static byte[] extension(String oid, boolean critical, byte[] value) {
            return critical
                    ? Der.sequence(Der.oid(oid), Der.encode(Der.BOOLEAN, new byte[] {(byte) 0xFF}), Der.octetString(value))
                    : Der.sequence(Der.oid(oid), Der.octetString(value));
        }

        private static byte[] name(String cn) {
            return Der.sequence(Der.encode(Der.SET, Der.sequence(Der.oid("2.5.4.3"),
                    Der.encode(Der.UTF8_STRING, cn.getBytes(StandardCharsets.UTF_8)))));
        }

        private static String defaultAlgorithm(PrivateKey key) {
            switch (key.getAlgorithm()) {
                case "RSA": return "SHA256withRSA";
                case "RSASSA-PSS": return "RSASSA-PSS";
                case "EC": return "SHA256withECDSA";
                case "EdDSA":
                case "Ed25519": return "Ed25519";
                default: throw new AssertionError("no default signature for " + key.getAlgorithm());
            }
        }

        private static byte[] algorithmIdentifier(String alg) {
            byte[] sha256 = Der.sequence(Der.oid("2.16.840.1.101.3.4.2.1"), Der.nullValue());
            switch (alg) {
                case "SHA256withRSA": return Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue());
                case "SHA1withRSA": return Der.sequence(Der.oid("1.2.840.113549.1.1.5"), Der.nullValue());
                case "MD5withRSA": return Der.sequence(Der.oid("1.2.840.113549.1.1.4"), Der.nullValue());
                case "SHA256withECDSA": return Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
                case "SHA1withECDSA": return Der.sequence(Der.oid("1.2.840.10045.4.1"));
                case "Ed25519": return Der.sequence(Der.oid("1.3.101.112"));
                case "RSASSA-PSS":
                    return Der.sequence(Der.oid("1.2.840.113549.1.1.10"), Der.sequence(
                            Der.explicit(0, sha256),
                            Der.explicit(1, Der.sequence(Der.oid("1.2.840.113549.1.1.8"), sha256)),
                            Der.explicit(2, Der.integer(32))));
                case "RSASSA-PSS/SHA1":
                    return Der.sequence(Der.oid("1.2.840.113549.1.1.10"), Der.sequence());
                default: throw new AssertionError("unknown algorithm " + alg);
            }
        }

        private static Signature signer(String alg) throws GeneralSecurityException {
            switch (alg) {
                case "RSASSA-PSS": {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    return s;
                }
                case "RSASSA-PSS/SHA1": {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, 20, 1));
                    return s;
                }
                default:
                    return Signature.getInstance(alg);
            }
        }
    }
}
