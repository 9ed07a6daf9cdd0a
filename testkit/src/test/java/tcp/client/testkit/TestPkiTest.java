package tcp.client.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TestPkiTest {

    private final TestPki pki = TestPki.shared();

    @Test
    void sharedPkiIsCachedPerJvm() {
        assertSame(TestPki.shared(), TestPki.shared());
        assertSame(pki.server(), pki.server());
    }

    @Test
    void defaultServerIsLeafPlusIntermediateForLocalhost() throws Exception {
        Identity server = pki.server();
        List<X509Certificate> chain = server.chain();
        assertEquals(2, chain.size());
        assertEquals("CN=localhost", chain.get(0).getSubjectX500Principal().getName());
        assertEquals("CN=Test Intermediate", chain.get(1).getSubjectX500Principal().getName());
        assertEquals("CN=Test Root", pki.root().getSubjectX500Principal().getName());
        assertEquals("EC", server.privateKey().getAlgorithm());
        Collection<List<?>> sans = chain.get(0).getSubjectAlternativeNames();
        assertTrue(sans.contains(List.of(2, "localhost")), sans::toString);
        assertTrue(sans.contains(List.of(7, "127.0.0.1")), sans::toString);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), chain.get(0).getExtendedKeyUsage());
        validate(chain, pki.root());
    }

    @Test
    void rsaServerChainCarriesNoEcdsaSignature() throws Exception {
        List<X509Certificate> chain = pki.rsaServer().chain();
        assertEquals(2, chain.size());
        assertEquals("CN=Test RSA Intermediate", chain.get(1).getSubjectX500Principal().getName());
        for (X509Certificate certificate : chain) {
            assertEquals("SHA256withRSA", certificate.getSigAlgName());
        }
        validate(chain, pki.root());
    }

    @Test
    void clientIdentityHasClientAuthOnly() throws Exception {
        X509Certificate client = pki.client().certificate();
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), client.getExtendedKeyUsage());
        assertNull(client.getSubjectAlternativeNames());
        validate(pki.client().chain(), pki.root());
    }

    @Test
    void oddLeavesHaveTheRequestedDefects() throws Exception {
        Date now = new Date();
        X509Certificate expired = pki.leaf("localhost").expired().issue().certificate();
        assertTrue(expired.getNotAfter().before(now));
        X509Certificate future = pki.leaf("localhost").notYetValid().issue().certificate();
        assertTrue(future.getNotBefore().after(now));
        assertEquals(1, pki.leaf("localhost").leafOnly().issue().chain().size());
        assertNull(pki.leaf("localhost").noSan().issue().certificate().getSubjectAlternativeNames());
        assertEquals("SHA1withECDSA", pki.leaf("localhost").sha1().issue().certificate().getSigAlgName());
        Identity weak = pki.leaf("localhost").rsa(1024).issue();
        assertEquals(1024, ((RSAKey) weak.certificate().getPublicKey()).getModulus().bitLength());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"),
                pki.leaf("localhost").clientAuthOnly().issue().certificate().getExtendedKeyUsage());
        Identity wildcard = pki.leaf("*.test.local").issue();
        assertEquals(List.of(List.of(2, "*.test.local")), List.copyOf(wildcard.certificate().getSubjectAlternativeNames()));
    }

    @Test
    void untrustedAndSelfSignedLeavesDoNotChainToTheRoot() throws Exception {
        Identity untrusted = pki.leaf("localhost").fromUntrustedRoot().issue();
        assertEquals(1, untrusted.chain().size());
        assertEquals(pki.untrustedRoot().getSubjectX500Principal(), untrusted.certificate().getIssuerX500Principal());
        assertThrows(CertPathValidatorException.class, () -> validate(untrusted.chain(), pki.root()));
        validate(untrusted.chain(), pki.untrustedRoot());

        Identity self = pki.leaf("localhost").selfSigned().issue();
        assertEquals(self.certificate().getSubjectX500Principal(), self.certificate().getIssuerX500Principal());
        self.certificate().verify(self.certificate().getPublicKey());
    }

    @Test
    void leafSignedByCustomCaChainsThroughIt() throws Exception {
        Identity ca = pki.leaf("Second Intermediate").ca().signedBy(pki.intermediateCa()).issue();
        Identity leaf = pki.leaf("localhost").signedBy(ca).issue();
        assertEquals(3, leaf.chain().size());
        validate(leaf.chain(), pki.root());
        assertEquals(1, pki.leaf("localhost").signedBy(pki.rootCa()).issue().chain().size());
    }

    @Test
    void pemFormsHaveTheRightHeaders() {
        Identity ec = pki.server();
        assertTrue(ec.chainPem().startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals(2, ec.chainPem().split("BEGIN CERTIFICATE").length - 1);
        assertEquals(1, ec.certificatePem().split("BEGIN CERTIFICATE").length - 1);
        assertTrue(ec.privateKeyPkcs8Pem().startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(ec.privateKeySec1Pem().startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertTrue(ec.privateKeyEncryptedPkcs8Pem("secret".toCharArray())
                .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertThrows(IllegalStateException.class, ec::privateKeyPkcs1Pem);
        Identity rsa = pki.rsaServer();
        assertTrue(rsa.privateKeyPkcs1Pem().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertThrows(IllegalStateException.class, rsa::privateKeySec1Pem);
        assertTrue(pki.rootPem().startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void keyStoresRoundTrip() throws Exception {
        char[] password = "pw".toCharArray();
        KeyStore identity = pki.server().keyStore(password);
        assertEquals(2, identity.getCertificateChain(Identity.KEY_ALIAS).length);
        assertEquals(pki.server().privateKey(), identity.getKey(Identity.KEY_ALIAS, password));
        KeyStore trust = pki.rootKeyStore();
        assertEquals(pki.root(), trust.getCertificate("test-root"));
    }

    @Test
    void writeFilesWritesParsableFiles(@TempDir Path dir) throws Exception {
        Identity.FileSet files = pki.server().writeFiles(dir);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (var in = Files.newInputStream(files.chain())) {
            assertEquals(2, factory.generateCertificates(in).size());
        }
        assertTrue(Files.readString(files.privateKey()).contains("BEGIN PRIVATE KEY"));
        assertTrue(Files.readString(files.traditionalPrivateKey()).contains("BEGIN EC PRIVATE KEY"));
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(files.pkcs12())) {
            p12.load(in, Identity.FILE_PASSWORD.toCharArray());
        }
        assertTrue(p12.isKeyEntry(Identity.KEY_ALIAS));
    }

    @Test
    void badBuilderInputIsRejectedWithTheValue() {
        IllegalArgumentException ip = assertThrows(IllegalArgumentException.class,
                () -> pki.leaf("x").ip("localhost"));
        assertTrue(ip.getMessage().contains("\"localhost\""), ip.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pki.leaf("x").rsa(256));
        assertFalse(TestPki.isIpLiteral("a.test.local"));
        assertTrue(TestPki.isIpLiteral("::1"));
    }

    private static void validate(List<X509Certificate> chain, X509Certificate anchor) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}
