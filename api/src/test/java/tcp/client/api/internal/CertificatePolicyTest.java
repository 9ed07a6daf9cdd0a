package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.testkit.CertificateBuilder.ANY_EXTENDED_KEY_USAGE;
import static tcp.client.testkit.CertificateBuilder.CLIENT_AUTH;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.DIGITAL_SIGNATURE;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.KEY_AGREEMENT;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.KEY_CERT_SIGN;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.KEY_ENCIPHERMENT;
import static tcp.client.testkit.CertificateBuilder.SERVER_AUTH;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcp.client.testkit.CertificateBuilder;
import tcp.client.testkit.Keytool;
import tcp.client.testkit.TestPki;

@Timeout(10)
class CertificatePolicyTest {
    private static KeyPair rootKey;
    private static KeyPair intermediateKey;
    private static KeyPair leafKey;
    private static KeyPair rsa2048;
    private static KeyPair rsa1024;
    private static X509Certificate root;
    private static X509Certificate intermediate;
    private static X509Certificate leaf;

    @BeforeAll
    static void pki() {
        rootKey = TestPki.ecKeyPair("secp384r1");
        intermediateKey = TestPki.ecKeyPair("secp256r1");
        leafKey = TestPki.ecKeyPair("secp256r1");
        rsa2048 = TestPki.rsaKeyPair(2048);
        rsa1024 = TestPki.rsaKeyPair(1024);
        root = TestPki.certificate("Test Root", rootKey).ca().keyUsage(KEY_CERT_SIGN).build();
        intermediate = intermediate(intermediateKey, "SHA256withECDSA");
        leaf = leafFor(leafKey).build();
    }

    private static X509Certificate intermediate(KeyPair key, String signature) {
        return TestPki.certificate("Test Intermediate", key).issuer("Test Root", rootKey.getPrivate())
                .signatureAlgorithm(signature).ca().keyUsage(KEY_CERT_SIGN).build();
    }

    /** A leaf as a careful CA issues it, signed by the intermediate. */
    private static CertificateBuilder leafFor(KeyPair key) {
        return TestPki.certificate("leaf.test", key).issuer("Test Intermediate", intermediateKey.getPrivate())
                .dns("leaf.test").extendedKeyUsage(SERVER_AUTH).keyUsage(DIGITAL_SIGNATURE);
    }

    private static void assertRefused(String expectedText, X509Certificate... chain) {
        CertificateException e = assertThrows(CertificateException.class, () -> CertificatePolicy.check(chain));
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
    }

    @Test
    void acceptsAWellFormedChainWithOrWithoutItsRoot() {
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {leaf, intermediate}));
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {leaf, intermediate, root}));
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {leaf}));
    }

    @Test
    void acceptsRsa2048AndEd25519AndPssSha256Leaves() {
        X509Certificate rsa = leafFor(rsa2048).keyUsage(KEY_ENCIPHERMENT).build();
        X509Certificate ed = leafFor(TestPki.ed25519KeyPair()).build();
        KeyPair pssKey = TestPki.rsaPssKeyPair(2048);
        X509Certificate pss = TestPki.certificate("pss.test", pssKey).build();
        X509Certificate pssSigned = leafFor(leafKey).issuer("pss.test", pssKey.getPrivate()).build();
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {rsa, intermediate}));
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {ed, intermediate}));
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {pssSigned, pss}));
    }

    @Test
    void refusesAnRsa1024LeafNamingItsSubject() {
        X509Certificate weak = leafFor(rsa1024).build();
        assertRefused("certificate \"CN=leaf.test\" refused: RSA key of 1024 bits is below the minimum of 2048",
                weak, intermediate);
    }

    @Test
    void refusesAnRsa1024Intermediate() {
        X509Certificate weakIntermediate = intermediate(rsa1024, "SHA256withECDSA");
        X509Certificate signedByWeak = TestPki.certificate("leaf.test", leafKey)
                .issuer("Test Intermediate", rsa1024.getPrivate()).extendedKeyUsage(SERVER_AUTH).build();
        assertRefused("\"CN=Test Intermediate\" refused: RSA key of 1024 bits",
                signedByWeak, weakIntermediate, root);
    }

    @Test
    void refusesASha1SignedLeaf() {
        X509Certificate sha1 = leafFor(leafKey).signatureAlgorithm("SHA1withECDSA").build();
        assertRefused("\"CN=leaf.test\" refused: signed with SHA1withECDSA", sha1, intermediate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1withRSA", "MD5withRSA", "SHA1withRSAandMGF1"})
    void refusesBrokenHashesUnderRsaSignatures(String algorithm) {
        X509Certificate rsaIntermediate = intermediate(rsa2048, "SHA256withECDSA");
        X509Certificate weak = TestPki.certificate("leaf.test", leafKey)
                .issuer("Test Intermediate", rsa2048.getPrivate()).signatureAlgorithm(algorithm)
                .extendedKeyUsage(SERVER_AUTH).build();
        if (algorithm.equals("SHA1withRSAandMGF1")) {
            // RSASSA-PSS with all RFC 4055 defaults: the parameters name no hash, which means SHA-1.
            assertArrayEquals(new byte[] {0x30, 0x00}, weak.getSigAlgParams());
        }
        assertRefused("\"CN=leaf.test\" refused: signed with", weak, rsaIntermediate, root);
    }

    @Test
    void refusesASha1SignedIntermediate() {
        X509Certificate sha1Intermediate = intermediate(intermediateKey, "SHA1withECDSA");
        assertRefused("\"CN=Test Intermediate\" refused: signed with SHA1withECDSA", leaf, sha1Intermediate, root);
    }

    @Test
    void selfSignedLastCertificateIsTheUsersAnchorAndIsNotChecked() {
        X509Certificate weakRoot = TestPki.certificate("Weak Root", rsa1024).signatureAlgorithm("SHA1withRSA")
                .ca().build();
        X509Certificate leafOfWeakRoot = TestPki.certificate("leaf.test", leafKey)
                .issuer("Weak Root", rsa1024.getPrivate()).extendedKeyUsage(SERVER_AUTH).build();
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {leafOfWeakRoot, weakRoot}));
    }

    @Test
    void selfSignedLeafAloneIsCheckedForKeyAndUsageButNotItsSelfSignature() {
        X509Certificate sha1SelfSigned = TestPki.certificate("self.test", leafKey)
                .signatureAlgorithm("SHA1withECDSA").build();
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {sha1SelfSigned}));
        X509Certificate weakSelfSigned = TestPki.certificate("self.test", rsa1024).build();
        assertRefused("RSA key of 1024 bits", weakSelfSigned);
        X509Certificate clientOnly = TestPki.certificate("self.test", leafKey)
                .extendedKeyUsage(CLIENT_AUTH).build();
        assertRefused("does not include serverAuth", clientOnly);
    }

    @Test
    void refusesALeafForClientAuthenticationOnly() {
        X509Certificate clientOnly = TestPki.certificate("leaf.test", leafKey)
                .issuer("Test Intermediate", intermediateKey.getPrivate()).extendedKeyUsage(CLIENT_AUTH).build();
        assertRefused("\"CN=leaf.test\" refused: its extended key usage [" + CLIENT_AUTH
                + "] does not include serverAuth", clientOnly, intermediate);
    }

    @Test
    void acceptsServerAuthAmongOthersAnyExtendedKeyUsageOrNoExtendedKeyUsage() {
        X509Certificate both = TestPki.certificate("leaf.test", leafKey)
                .issuer("Test Intermediate", intermediateKey.getPrivate())
                .extendedKeyUsage(CLIENT_AUTH, SERVER_AUTH).build();
        X509Certificate any = TestPki.certificate("leaf.test", leafKey)
                .issuer("Test Intermediate", intermediateKey.getPrivate()).extendedKeyUsage(ANY_EXTENDED_KEY_USAGE).build();
        X509Certificate none = TestPki.certificate("leaf.test", leafKey)
                .issuer("Test Intermediate", intermediateKey.getPrivate()).build();
        for (X509Certificate c : new X509Certificate[] {both, any, none}) {
            assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {c, intermediate}));
        }
    }

    @Test
    void leafKeyUsageMustAllowSignatureOrKeyEncipherment() {
        X509Certificate certSignOnly = leafFor(leafKey).keyUsage(KEY_CERT_SIGN).build();
        assertRefused("\"CN=leaf.test\" refused: its key usage allows neither digitalSignature nor keyEncipherment",
                certSignOnly, intermediate);
        X509Certificate agreementOnly = leafFor(leafKey).keyUsage(KEY_AGREEMENT).build();
        assertRefused("key usage allows neither", agreementOnly, intermediate);
        X509Certificate encipherment = leafFor(rsa2048).keyUsage(KEY_ENCIPHERMENT).build();
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {encipherment, intermediate}));
    }

    @Test
    void emptyChainIsRefused() {
        assertThrows(CertificateException.class, () -> CertificatePolicy.check(new X509Certificate[0]));
        assertThrows(NullPointerException.class, () -> CertificatePolicy.check(null));
    }

    @Test
    void refusesAnRsa1024Sha1CertificateThatKeytoolMade(@TempDir Path dir) throws Exception {
        X509Certificate weak = Keytool.genkeypair(dir, "weak", "-keyalg", "RSA", "-keysize", "1024",
                "-sigalg", "SHA1withRSA", "-dname", "CN=weak", "-ext", "san=dns:localhost,ip:127.0.0.1");
        assertRefused("\"CN=weak\" refused: RSA key of 1024 bits", weak);
    }

    @Test
    void refusesAClientAuthCertificateThatKeytoolMade(@TempDir Path dir) throws Exception {
        X509Certificate client = Keytool.genkeypair(dir, "client", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=client", "-ext", "eku=clientAuth");
        assertRefused("\"CN=client\" refused: its extended key usage", client);
    }

    @Test
    void acceptsAServerAuthCertificateThatKeytoolMade(@TempDir Path dir) throws Exception {
        X509Certificate good = Keytool.genkeypair(dir, "good", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=good", "-ext", "eku=serverAuth", "-ext", "san=dns:localhost");
        assertDoesNotThrow(() -> CertificatePolicy.check(new X509Certificate[] {good}));
    }
}
