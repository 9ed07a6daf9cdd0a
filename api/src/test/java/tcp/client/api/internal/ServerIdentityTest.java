package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tcp.client.testkit.Keytool;
import tcp.client.testkit.TestPki;

@Timeout(10)
class ServerIdentityTest {
    private static KeyPair key;
    /** As in Go's helper_test.go: CN=localhost, SAN dns:localhost and ip:127.0.0.1. */
    private static X509Certificate localhost;
    private static X509Certificate ipv6;

    @BeforeAll
    static void certificates() {
        key = TestPki.ecKeyPair("secp256r1");
        localhost = TestPki.certificate("localhost", key).dns("localhost").ip("127.0.0.1").build();
        ipv6 = TestPki.certificate("v6", key).ip("::1", "2001:db8::7").build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "LocalHost", "localhost.", "127.0.0.1", "[127.0.0.1]"})
    void acceptsTheNamesAndAddressesTheCertificateLists(String host) {
        assertDoesNotThrow(() -> ServerIdentity.verify(host, localhost));
    }

    @Test
    void refusesAnotherNameListingWhatTheCertificateNames() {
        CertificateException e = assertThrows(CertificateException.class,
                () -> ServerIdentity.verify("wrong.example", localhost));
        assertEquals("certificate for \"wrong.example\" not accepted: it names [DNS:localhost, IP:127.0.0.1]",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.2", "::1", "[::1]", "localhost.localdomain", "localhos", "xlocalhost"})
    void refusesOtherHostsAndAddresses(String host) {
        assertThrows(CertificateException.class, () -> ServerIdentity.verify(host, localhost));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "[::1]", "0:0:0:0:0:0:0:1", "0::1", "::1%lo", "[::1%1]", "2001:DB8::7",
        "2001:db8:0:0:0:0:0:7"})
    void comparesIpv6AddressesAsBytes(String host) {
        assertDoesNotThrow(() -> ServerIdentity.verify(host, ipv6));
    }

    @Test
    void ipLiteralIsNeverMatchedByADnsName() {
        X509Certificate dnsOnly = TestPki.certificate("127.0.0.1", key).dns("127.0.0.1").build();
        assertThrows(CertificateException.class, () -> ServerIdentity.verify("127.0.0.1", dnsOnly));
    }

    @Test
    void nameIsNeverMatchedByAnIpAddress() {
        X509Certificate ipOnly = TestPki.certificate("localhost", key).ip("127.0.0.1").build();
        assertThrows(CertificateException.class, () -> ServerIdentity.verify("localhost", ipOnly));
    }

    @Test
    void commonNameAloneIsNotEnough() {
        X509Certificate cnOnly = TestPki.certificate("localhost", key).build();
        CertificateException e = assertThrows(CertificateException.class,
                () -> ServerIdentity.verify("localhost", cnOnly));
        assertTrue(e.getMessage().startsWith("certificate for \"localhost\" not accepted: it names no DNS or IP"),
                e.getMessage());
        assertTrue(e.getMessage().contains("CN=localhost"), e.getMessage());
    }

    @Test
    void trailingDotInTheCertificateIsIgnored() {
        X509Certificate dotted = TestPki.certificate("x", key).dns("example.test.").build();
        assertDoesNotThrow(() -> ServerIdentity.verify("example.test", dotted));
        assertDoesNotThrow(() -> ServerIdentity.verify("EXAMPLE.test.", dotted));
    }

    @ParameterizedTest(name = "{0} for {1}: {2}")
    @CsvSource({
        "*.test.local,   a.test.local,       true",
        "*.test.local,   A.Test.Local,       true",
        "*.Test.LOCAL,   abc-1.test.local,   true",
        "*.test.local.,  a.test.local,       true",
        "*.test.local,   a.test.local.,      true",
        "*.test.local,   a.b.test.local,     false",
        "*.test.local,   test.local,         false",
        "*.test.local,   .test.local,        false",
        "*.test.local,   *.test.local,       false",
        "*.test.local,   a.test.localx,      false",
        "*.com,          example.com,        false",
        "*.,             a.,                 false",
        "*,              localhost,          false",
        "f*.example.com, foo.example.com,    false",
        "*o.example.com, foo.example.com,    false",
        "a.*.example.com, a.b.example.com,   false",
        "*.*.example.com, a.b.example.com,   false",
        "**.example.com, a.example.com,      false",
    })
    void wildcardOnlyAsTheWholeLeftMostLabelOverAtLeastTwoLabels(String pattern, String host, boolean accepted) {
        X509Certificate cert = TestPki.certificate("wildcard", key).dns(pattern).build();
        if (accepted) {
            assertDoesNotThrow(() -> ServerIdentity.verify(host, cert));
        } else {
            assertThrows(CertificateException.class, () -> ServerIdentity.verify(host, cert));
        }
    }

    @Test
    void wildcardNeverMatchesAnIpAddress() {
        X509Certificate cert = TestPki.certificate("wildcard", key).dns("*.0.0.1").build();
        assertThrows(CertificateException.class, () -> ServerIdentity.verify("127.0.0.1", cert));
    }

    @Test
    void emptyHostIsRefusedAndNullIsAProgrammingError() {
        assertThrows(CertificateException.class, () -> ServerIdentity.verify("", localhost));
        assertThrows(CertificateException.class, () -> ServerIdentity.verify("[]", localhost));
        assertThrows(NullPointerException.class, () -> ServerIdentity.verify(null, localhost));
        assertThrows(NullPointerException.class, () -> ServerIdentity.verify("localhost", null));
    }

    @Test
    void checksCertificatesThatKeytoolMade(@TempDir Path dir) throws Exception {
        X509Certificate withSan = Keytool.genkeypair(dir, "san", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1");
        ServerIdentity.verify("localhost", withSan);
        ServerIdentity.verify("127.0.0.1", withSan);
        CertificateException e = assertThrows(CertificateException.class,
                () -> ServerIdentity.verify("wrong.example", withSan));
        assertEquals("certificate for \"wrong.example\" not accepted: it names [DNS:localhost, IP:127.0.0.1]",
                e.getMessage());
    }

    @Test
    void refusesACommonNameOnlyCertificateThatKeytoolMade(@TempDir Path dir) throws Exception {
        X509Certificate cnOnly = Keytool.genkeypair(dir, "cn", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost");
        assertThrows(CertificateException.class, () -> ServerIdentity.verify("localhost", cnOnly));
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, true", "[127.0.0.1], true", "::1, true", "[::1], true", "fe80::1%lo, true",
        "[fe80::1%eth0], true", "0.0.0.0, true", "::ffff:10.0.0.1, true",
        "localhost, false", "127.1, false", "256.0.0.1, false", "example.com, false", "[localhost], false",
        "'', false", "[], false", "::g, false", "1.2.3.4.5, false",
    })
    void recognisesIpLiterals(String host, boolean literal) {
        assertEquals(literal, ServerIdentity.isIpLiteral(host));
    }
}
