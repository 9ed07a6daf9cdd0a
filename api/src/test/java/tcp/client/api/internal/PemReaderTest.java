package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcp.client.testkit.Keytool;
import tcp.client.testkit.TestPki;

@Timeout(10)
class PemReaderTest {
    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static KeyPair ec;
    private static X509Certificate rsaCert;
    private static X509Certificate ecCert;

    @BeforeAll
    static void keys() {
        rsa = TestPki.rsaKeyPair(2048);
        otherRsa = TestPki.rsaKeyPair(2048);
        ec = TestPki.ecKeyPair("secp256r1");
        rsaCert = TestPki.certificate("rsa.test", rsa).dns("rsa.test").build();
        ecCert = TestPki.certificate("ec.test", ec).dns("ec.test").build();
    }

    // ---- certificates ----

    @Test
    void readsOneCertificate() {
        assertEquals(List.of(rsaCert), PemReader.certificates(TestPki.pem(rsaCert)));
    }

    @Test
    void readsSeveralCertificatesInOrderSkippingTextAndOtherBlocks() {
        String pem = "Bag Attributes\n    localKeyID: 01 02 03\nsubject=CN = rsa.test\n"
                + TestPki.pem(rsaCert)
                + "# a comment between blocks\n"
                + TestPki.pem("PRIVATE KEY", ec.getPrivate().getEncoded())
                + TestPki.pem(ecCert)
                + "trailing text\n";
        assertEquals(List.of(rsaCert, ecCert), PemReader.certificates(pem));
    }

    @Test
    void readsCrlfLineEndingsAndBlocksConcatenatedWithoutNewline() {
        String crlf = TestPki.pem(rsaCert).replace("\n", "\r\n");
        assertEquals(List.of(rsaCert), PemReader.certificates(crlf));
        String glued = TestPki.pem(rsaCert).strip() + TestPki.pem(ecCert);
        assertEquals(List.of(rsaCert, ecCert), PemReader.certificates(glued));
    }

    @Test
    void readsACertificateThatKeytoolMade(@TempDir Path dir) throws Exception {
        X509Certificate made = Keytool.genkeypair(dir, "kt", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=keytool.test", "-ext", "san=dns:keytool.test");
        assertEquals(List.of(made), PemReader.certificates(TestPki.pem(made)));
    }

    @Test
    void noCertificateBlockIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemReader.certificates("just text\n" + TestPki.pem("PRIVATE KEY", new byte[] {1})));
        assertEquals("no CERTIFICATE block in PEM", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PemReader.certificates(""));
    }

    @Test
    void brokenBase64InACertificateIsRefusedNamingTheBlock() {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB*not-base64*\n-----END CERTIFICATE-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.certificates(pem));
        assertTrue(e.getMessage().contains("\"CERTIFICATE\"") && e.getMessage().contains("base64"), e.getMessage());
    }

    @Test
    void truncatedCertificateIsRefusedAsBrokenDer() throws Exception {
        byte[] der = Arrays.copyOf(rsaCert.getEncoded(), rsaCert.getEncoded().length - 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemReader.certificates(TestPki.pem("CERTIFICATE", der)));
        assertTrue(e.getMessage().startsWith("PEM block \"CERTIFICATE\" #1 holds broken DER"), e.getMessage());
    }

    @Test
    void wellFormedDerThatIsNoCertificateIsRefused() {
        String pem = TestPki.pem(rsaCert) + TestPki.pem("CERTIFICATE", Der.sequence(Der.integer(7)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.certificates(pem));
        assertTrue(e.getMessage().startsWith("PEM block \"CERTIFICATE\" #2 is not a valid X.509 certificate"),
                e.getMessage());
    }

    @Test
    void blockWithoutEndLineIsRefused() {
        String pem = TestPki.pem(rsaCert).replace("-----END CERTIFICATE-----", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.certificates(pem));
        assertTrue(e.getMessage().contains("-----END CERTIFICATE-----"), e.getMessage());
    }

    @Test
    void emptyBlockIsRefused() {
        String pem = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.certificates(pem));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    // ---- private keys ----

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "RSASSA-PSS", "EC", "Ed25519", "Ed448", "DSA"})
    void readsPkcs8KeysOfEveryJdkSignatureAlgorithm(String algorithm) {
        KeyPair pair = algorithm.equals("EC") ? ec : TestPki.keyPair(algorithm);
        PrivateKey read = PemReader.privateKey(TestPki.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        assertArrayEquals(pair.getPrivate().getEncoded(), read.getEncoded());
        assertEquals(pair.getPrivate().getAlgorithm(), read.getAlgorithm());
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        byte[] pkcs1 = innerKey(rsa.getPrivate().getEncoded());
        PrivateKey read = PemReader.privateKey(TestPki.pem("RSA PRIVATE KEY", pkcs1));
        assertEquals("RSA", read.getAlgorithm());
        assertEquals(((RSAPrivateCrtKey) rsa.getPrivate()).getPrivateExponent(),
                ((RSAPrivateCrtKey) read).getPrivateExponent());
        assertArrayEquals(rsa.getPrivate().getEncoded(), read.getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void readsSec1EcKeysWithNamedCurveAndPublicKey(String curve) throws Exception {
        KeyPair pair = curve.equals("secp256r1") ? ec : TestPki.ecKeyPair(curve);
        String pem = TestPki.pem("EC PRIVATE KEY", sec1(pair, true, true));
        PrivateKey read = PemReader.privateKey(pem);
        assertEquals(((ECPrivateKey) pair.getPrivate()).getS(), ((ECPrivateKey) read).getS());
        assertEquals(((ECPrivateKey) pair.getPrivate()).getParams().getCurve(),
                ((ECPrivateKey) read).getParams().getCurve());
        assertDoesNotThrow(() -> PemReader.privateKey(TestPki.pem("EC PRIVATE KEY", sec1(pair, true, false))));
    }

    @Test
    void sec1KeyWithoutCurveParametersIsRefused() throws Exception {
        String pem = TestPki.pem("EC PRIVATE KEY", sec1(ec, false, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.privateKey(pem));
        assertTrue(e.getMessage().contains("EC PRIVATE KEY") && e.getMessage().contains("curve"), e.getMessage());
    }

    @Test
    void findsTheKeyAmongCertificatesAndOpenSslText() {
        String pem = "Bag Attributes\n    friendlyName: server\nKey Attributes: <No Attributes>\n"
                + TestPki.pem("PRIVATE KEY", rsa.getPrivate().getEncoded())
                + TestPki.pem(rsaCert);
        assertArrayEquals(rsa.getPrivate().getEncoded(), PemReader.privateKey(pem).getEncoded());
    }

    @Test
    void encryptedPkcs8KeyIsRefusedWithAdvice() {
        String pem = TestPki.pem("ENCRYPTED PRIVATE KEY", Der.sequence(Der.integer(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.privateKey(pem));
        assertEquals("encrypted private keys are not supported: decrypt the key or use keyStore(...)", e.getMessage());
    }

    @Test
    void legacyOpenSslEncryptedKeyIsRefusedWithAdvice() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n"
                + "\n"
                + Base64.getEncoder().encodeToString(new byte[48]) + "\n"
                + "-----END RSA PRIVATE KEY-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.privateKey(pem));
        assertTrue(e.getMessage().startsWith("encrypted private keys are not supported"), e.getMessage());
    }

    @Test
    void brokenBase64InAKeyIsRefusedNamingTheBlock() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIE%%%%\n-----END PRIVATE KEY-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.privateKey(pem));
        assertTrue(e.getMessage().contains("\"PRIVATE KEY\"") && e.getMessage().contains("base64"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"})
    void truncatedKeyIsRefusedAsBrokenDerNamingTheBlock(String type) {
        byte[] der = Arrays.copyOf(rsa.getPrivate().getEncoded(), 40);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemReader.privateKey(TestPki.pem(type, der)));
        assertTrue(e.getMessage().startsWith("PEM block \"" + type + "\" holds broken DER: "), e.getMessage());
    }

    @Test
    void wellFormedPkcs8WithAGarbageKeyIsRefused() {
        byte[] der = Der.sequence(Der.integer(0), Der.sequence(Der.oid(PemReader.OID_RSA), Der.nullValue()),
                Der.octetString(new byte[] {1, 2, 3}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemReader.privateKey(TestPki.pem("PRIVATE KEY", der)));
        assertTrue(e.getMessage().startsWith("PEM block \"PRIVATE KEY\" is not a valid RSA private key"), e.getMessage());
    }

    @Test
    void keyOfAnUnsupportedAlgorithmIsRefusedNamingItsOid() {
        KeyPair x25519 = TestPki.keyPair("X25519");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemReader.privateKey(TestPki.pem("PRIVATE KEY", x25519.getPrivate().getEncoded())));
        assertTrue(e.getMessage().contains("1.3.101.110"), e.getMessage());
    }

    @Test
    void noKeyOrTwoKeysAreRefused() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> PemReader.privateKey(TestPki.pem(rsaCert)));
        assertTrue(none.getMessage().startsWith("no private key block in PEM"), none.getMessage());
        String two = TestPki.pem("PRIVATE KEY", rsa.getPrivate().getEncoded())
                + TestPki.pem("PRIVATE KEY", ec.getPrivate().getEncoded());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> PemReader.privateKey(two));
        assertTrue(both.getMessage().startsWith("more than one private key"), both.getMessage());
    }

    @Test
    void unsupportedKeyBlockTypeIsRefused() {
        String pem = TestPki.pem("DSA PRIVATE KEY", Der.sequence(Der.integer(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemReader.privateKey(pem));
        assertTrue(e.getMessage().contains("DSA PRIVATE KEY"), e.getMessage());
    }

    // ---- key and certificate pairing ----

    @Test
    void matchingKeysPass() {
        assertDoesNotThrow(() -> PemReader.checkKeyMatchesCertificate(rsa.getPrivate(), rsaCert));
        assertDoesNotThrow(() -> PemReader.checkKeyMatchesCertificate(ec.getPrivate(), ecCert));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ed25519", "RSASSA-PSS"})
    void matchingEdDsaAndPssKeysPass(String algorithm) {
        KeyPair pair = algorithm.equals("RSASSA-PSS") ? TestPki.rsaPssKeyPair(2048) : TestPki.keyPair(algorithm);
        X509Certificate cert = TestPki.certificate(algorithm + ".test", pair).build();
        PrivateKey read = PemReader.privateKey(TestPki.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        assertDoesNotThrow(() -> PemReader.checkKeyMatchesCertificate(read, cert));
    }

    @Test
    void keyOfAnotherPairIsAMismatchNamingTheSubject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemReader.checkKeyMatchesCertificate(otherRsa.getPrivate(), rsaCert));
        assertEquals("private key does not match the certificate CN=rsa.test", e.getMessage());
    }

    @Test
    void keyOfAnotherTypeIsAMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemReader.checkKeyMatchesCertificate(ec.getPrivate(), rsaCert));
        assertEquals("private key does not match the certificate CN=rsa.test", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PemReader.checkKeyMatchesCertificate(rsa.getPrivate(), ecCert));
    }

    // ---- helpers: the other key formats, made from the JDK's PKCS#8 ----

    /** The privateKey OCTET STRING of a PKCS#8 PrivateKeyInfo: PKCS#1 for RSA, SEC1 for EC. */
    private static byte[] innerKey(byte[] pkcs8) throws Der.DerException {
        return Der.parse(pkcs8).sequence().get(2).octets();
    }

    /** A SEC1 ECPrivateKey as OpenSSL writes it: version, key, [0] curve, [1] public key. */
    private static byte[] sec1(KeyPair pair, boolean withCurve, boolean withPublicKey) throws Der.DerException {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        List<Der.Element> info = Der.parse(pkcs8).sequence();
        String curve = info.get(1).sequence().get(1).oid();
        byte[] d = Der.parse(info.get(2).octets()).sequence().get(1).octets();
        byte[] publicBits = Der.parse(pair.getPublic().getEncoded()).sequence().get(1).encoded();
        byte[] version = Der.integer(1);
        byte[] key = Der.octetString(d);
        byte[] params = Der.explicit(0, Der.oid(curve));
        byte[] pub = Der.explicit(1, publicBits);
        if (withCurve && withPublicKey) {
            return Der.sequence(version, key, params, pub);
        }
        return withCurve ? Der.sequence(version, key, params) : Der.sequence(version, key, pub);
    }
}
