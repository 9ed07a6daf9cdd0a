package tcp.client.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.DECIPHER_ONLY;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.DIGITAL_SIGNATURE;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.ENCIPHER_ONLY;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.KEY_AGREEMENT;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.KEY_CERT_SIGN;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.KEY_ENCIPHERMENT;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class CertificateBuilderTest {
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    private static KeyPair ec;
    private static KeyPair rsa;

    @BeforeAll
    static void keys() {
        ec = TestPki.ecKeyPair("secp256r1");
        rsa = TestPki.rsaKeyPair(2048);
    }

    @Test
    void bareCertificateIsSelfSignedWithNoExtension() throws Exception {
        X509Certificate cert = TestPki.certificate("localhost", ec).build();
        assertEquals(3, cert.getVersion());
        assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertNull(cert.getCriticalExtensionOIDs());
        assertNull(cert.getNonCriticalExtensionOIDs());
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        assertEquals(ec.getPublic(), cert.getPublicKey());
        cert.verify(ec.getPublic());
        cert.checkValidity();
        Instant now = Instant.now();
        assertTrue(cert.getNotBefore().toInstant().isBefore(now.minus(23, ChronoUnit.HOURS)));
        assertTrue(cert.getNotAfter().toInstant().isAfter(now.plus(23, ChronoUnit.HOURS)));
        assertTrue(cert.getSerialNumber().signum() > 0);
        assertNotEquals(cert.getSerialNumber(), TestPki.certificate("localhost", ec).build().getSerialNumber());
    }

    @Test
    void explicitIssuerNamesAndSignsWithTheGivenKey() throws Exception {
        KeyPair issuer = TestPki.ecKeyPair("secp384r1");
        X509Certificate cert = TestPki.certificate("leaf.test", rsa).issuer("Some CA", issuer.getPrivate()).build();
        assertEquals("CN=Some CA", cert.getIssuerX500Principal().getName());
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        cert.verify(issuer.getPublic());
        assertEquals(2048, ((RSAKey) cert.getPublicKey()).getModulus().bitLength());
        X509Certificate self = TestPki.certificate("leaf.test", rsa).issuer("Some CA", issuer.getPrivate())
                .selfSigned().build();
        assertEquals("SHA256withRSA", self.getSigAlgName());
        self.verify(rsa.getPublic());
    }

    @Test
    void signedByAnIdentityChainsToTheRootByName() throws Exception {
        TestPki pki = TestPki.shared();
        X509Certificate cert = TestPki.certificate("odd.test", ec).signedBy(pki.intermediateCa()).build();
        assertEquals(pki.intermediate().getSubjectX500Principal(), cert.getIssuerX500Principal());
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert, pki.intermediate()));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(pki.root(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
        Identity identity = TestPki.certificate("odd.test", ec).dns("odd.test").signedBy(pki.intermediateCa()).issue();
        assertEquals(ec.getPrivate(), identity.privateKey());
        assertEquals(1, identity.chain().size());
        assertEquals("odd.test", identity.name());
    }

    @Test
    void extensionsAreTheOnesAskedForWithTheirCriticality() throws Exception {
        X509Certificate cert = TestPki.certificate("ca.test", ec).ca().keyUsage(KEY_CERT_SIGN, DIGITAL_SIGNATURE)
                .extendedKeyUsage(CertificateBuilder.CLIENT_AUTH, CertificateBuilder.SERVER_AUTH)
                .dns("a.test").ip("127.0.0.1").dns("*.b.test").ip("::1").build();
        assertEquals(Set.of(BASIC_CONSTRAINTS, KEY_USAGE), cert.getCriticalExtensionOIDs());
        assertEquals(Set.of(EXTENDED_KEY_USAGE, SUBJECT_ALT_NAME), cert.getNonCriticalExtensionOIDs());
        assertEquals(Integer.MAX_VALUE, cert.getBasicConstraints());
        boolean[] bits = cert.getKeyUsage();
        assertTrue(bits[0] && bits[5]);
        assertEquals(2, count(bits));
        assertEquals(List.of(CertificateBuilder.CLIENT_AUTH, CertificateBuilder.SERVER_AUTH), cert.getExtendedKeyUsage());
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        assertEquals(List.of(List.of(2, "a.test"), List.of(7, "127.0.0.1"), List.of(2, "*.b.test"),
                List.of(7, "0:0:0:0:0:0:0:1")), List.copyOf(names));
    }

    @Test
    void keyUsageAndExtendedKeyUsageAreReplacedNotAdded() {
        X509Certificate cert = TestPki.certificate("leaf.test", ec).keyUsage(DIGITAL_SIGNATURE).keyUsage(KEY_AGREEMENT)
                .extendedKeyUsage(CertificateBuilder.SERVER_AUTH).extendedKeyUsage(CertificateBuilder.ANY_EXTENDED_KEY_USAGE)
                .build();
        boolean[] bits = cert.getKeyUsage();
        assertTrue(bits[4]);
        assertEquals(1, count(bits));
        assertEquals(List.of("2.5.29.37.0"), List.copyOf(uncheckedEku(cert)));
        X509Certificate none = TestPki.certificate("leaf.test", ec).keyUsage(KEY_ENCIPHERMENT).noKeyUsage()
                .extendedKeyUsage(CertificateBuilder.SERVER_AUTH).noExtendedKeyUsage().build();
        assertNull(none.getKeyUsage());
        assertNull(uncheckedEku(none));
        boolean[] high = TestPki.certificate("x", ec).keyUsage(DECIPHER_ONLY).build().getKeyUsage();
        assertTrue(high[8]);
        assertEquals(1, count(high));
        boolean[] last = TestPki.certificate("x", ec).keyUsage(ENCIPHER_ONLY).build().getKeyUsage();
        assertTrue(last[7]);
        assertEquals(1, count(last));
        X509Certificate empty = TestPki.certificate("x", ec).keyUsage().extendedKeyUsage().build();
        assertEquals(Set.of(KEY_USAGE), empty.getCriticalExtensionOIDs());
        assertEquals(0, count(empty.getKeyUsage()));
        assertEquals(List.of(), uncheckedEku(empty));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
        "SHA256withRSA,        RSA,        SHA256withRSA,   1.2.840.113549.1.1.11",
        "SHA1withRSA,          RSA,        SHA1withRSA,     1.2.840.113549.1.1.5",
        "MD5withRSA,           RSA,        MD5withRSA,      1.2.840.113549.1.1.4",
        "SHA256withECDSA,      EC,         SHA256withECDSA, 1.2.840.10045.4.3.2",
        "SHA1withECDSA,        EC,         SHA1withECDSA,   1.2.840.10045.4.1",
        "Ed25519,              Ed25519,    Ed25519,         1.3.101.112",
        "Ed448,                Ed448,      Ed448,           1.3.101.113",
        "SHA256withRSAandMGF1, RSASSA-PSS, RSASSA-PSS,      1.2.840.113549.1.1.10",
        "SHA1withRSAandMGF1,   RSA,        RSASSA-PSS,      1.2.840.113549.1.1.10",
        "'',                   RSASSA-PSS, RSASSA-PSS,      1.2.840.113549.1.1.10",
        "'',                   Ed448,      Ed448,           1.3.101.113",
        "'',                   RSA,        SHA256withRSA,   1.2.840.113549.1.1.11",
    })
    void signsWithTheNamedOrDefaultAlgorithm(String algorithm, String keyType, String jdkName, String oid)
            throws Exception {
        KeyPair issuer = switch (keyType) {
            case "RSA" -> rsa;
            case "EC" -> ec;
            case "RSASSA-PSS" -> TestPki.rsaPssKeyPair(2048);
            default -> TestPki.keyPair(keyType);
        };
        CertificateBuilder builder = TestPki.certificate("leaf.test", ec).issuer("CA", issuer.getPrivate());
        X509Certificate cert = (algorithm.isEmpty() ? builder : builder.signatureAlgorithm(algorithm)).build();
        assertEquals(jdkName, cert.getSigAlgName());
        assertEquals(oid, cert.getSigAlgOID());
        cert.verify(issuer.getPublic());
    }

    @Test
    void pssParametersAreWrittenOutForSha256AndLeftAtTheirDefaultsForSha1() throws Exception {
        X509Certificate sha256 = TestPki.certificate("pss.test", TestPki.rsaPssKeyPair(2048)).build();
        // SEQUENCE { [0] sha256, [1] mgf1(sha256), [2] 32 }
        assertTrue(hex(sha256.getSigAlgParams()).startsWith("3034a00f300d0609608648016503040201"),
                hex(sha256.getSigAlgParams()));
        assertTrue(hex(sha256.getSigAlgParams()).endsWith("a203020120"), hex(sha256.getSigAlgParams()));
        X509Certificate sha1 = TestPki.certificate("pss.test", rsa).signatureAlgorithm("SHA1withRSAandMGF1").build();
        assertArrayEquals(new byte[] {0x30, 0x00}, sha1.getSigAlgParams());
        sha1.verify(rsa.getPublic());
    }

    @Test
    void keyGeneratorsMakeTheAskedKeys() {
        assertEquals(1024, ((RSAKey) TestPki.rsaKeyPair(1024).getPublic()).getModulus().bitLength());
        assertEquals(384, ((ECKey) TestPki.ecKeyPair("secp384r1").getPublic()).getParams().getCurve().getField()
                .getFieldSize());
        assertEquals("EdDSA", TestPki.ed25519KeyPair().getPublic().getAlgorithm());
        assertEquals("RSASSA-PSS", TestPki.rsaPssKeyPair(2048).getPrivate().getAlgorithm());
        assertEquals("XDH", TestPki.keyPair("X25519").getPublic().getAlgorithm());
    }

    @Test
    void badInputIsRejectedWithTheValue() {
        assertThrows(IllegalArgumentException.class, () -> TestPki.ecKeyPair("nocurve"));
        assertThrows(IllegalArgumentException.class, () -> TestPki.keyPair("NoSuchAlgorithm"));
        assertThrows(IllegalArgumentException.class, () -> TestPki.rsaKeyPair(100));
        assertThrows(IllegalArgumentException.class, () -> TestPki.certificate(" ", ec));
        IllegalArgumentException algorithm = assertThrows(IllegalArgumentException.class,
                () -> TestPki.certificate("x", ec).signatureAlgorithm("SHA256withNothing"));
        assertTrue(algorithm.getMessage().contains("\"SHA256withNothing\""), algorithm.getMessage());
        IllegalArgumentException ip = assertThrows(IllegalArgumentException.class,
                () -> TestPki.certificate("x", ec).ip("localhost"));
        assertTrue(ip.getMessage().contains("\"localhost\""), ip.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestPki.certificate("x", ec).extendedKeyUsage("serverAuth"));
        assertThrows(IllegalArgumentException.class, () -> TestPki.certificate("x", ec)
                .signatureAlgorithm("SHA256withRSA").build());
        Instant now = Instant.now();
        assertThrows(IllegalArgumentException.class, () -> TestPki.certificate("x", ec).validFrom(now)
                .validUntil(now.minusSeconds(1)).build());
        assertThrows(IllegalArgumentException.class, () -> TestPki.certificate("x", TestPki.keyPair("DSA")).build());
    }

    @Test
    void validityIsAdjustable() {
        Instant from = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant until = from.plus(2, ChronoUnit.DAYS);
        X509Certificate old = TestPki.certificate("x", ec).validFrom(from).validUntil(until).build();
        assertEquals(from, old.getNotBefore().toInstant());
        assertEquals(until, old.getNotAfter().toInstant());
    }

    @Test
    void pemIsOpenSslStyleAndParses() throws Exception {
        X509Certificate a = TestPki.certificate("a.test", rsa).build();
        X509Certificate b = TestPki.certificate("b.test", ec).build();
        String pem = TestPki.pem(a, b);
        assertEquals(TestPki.pem(a) + TestPki.pem(b), pem);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"), pem);
        assertTrue(pem.endsWith("-----END CERTIFICATE-----\n"), pem);
        assertTrue(pem.indexOf('\r') < 0);
        for (String line : pem.split("\n")) {
            assertTrue(line.length() <= 64, line);
        }
        Collection<?> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(a, b), List.copyOf(read));
        assertEquals("-----BEGIN X-----\nAQID\n-----END X-----\n", TestPki.pem("X", new byte[] {1, 2, 3}));
    }

    @Test
    void keytoolMakesTheCertificateItIsAskedFor(@TempDir Path dir) throws Exception {
        X509Certificate cert = Keytool.genkeypair(dir, "kt", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=keytool.test", "-ext", "san=dns:keytool.test", "-ext", "eku=serverAuth");
        assertEquals("CN=keytool.test", cert.getSubjectX500Principal().getName());
        assertEquals(List.of(List.of(2, "keytool.test")), List.copyOf(cert.getSubjectAlternativeNames()));
        assertEquals(List.of(CertificateBuilder.SERVER_AUTH), cert.getExtendedKeyUsage());
        IOException failed = assertThrows(IOException.class,
                () -> Keytool.genkeypair(dir, "bad", "-keyalg", "NoSuchAlgorithm", "-dname", "CN=bad"));
        assertTrue(failed.getMessage().startsWith("keytool failed"), failed.getMessage());
    }

    private static List<String> uncheckedEku(X509Certificate cert) {
        try {
            return cert.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

    private static int count(boolean[] bits) {
        int n = 0;
        for (boolean bit : bits) {
            n += bit ? 1 : 0;
        }
        return n;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
