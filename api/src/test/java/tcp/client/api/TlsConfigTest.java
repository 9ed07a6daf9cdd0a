package tcp.client.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class TlsConfigTest {
    @Test
    void defaultsAreTls12To13WithSystemRootsAndNoExtras() {
        TlsConfig c = TlsConfig.builder().build();
        assertEquals(TlsVersion.TLS_1_2, c.versionMin());
        assertEquals(TlsVersion.TLS_1_3, c.versionMax());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), c.protocolNames());
        assertTrue(c.usesSystemRoots());
        assertTrue(c.rootCertificates().isEmpty());
        assertTrue(c.cipherSuites().isEmpty());
        assertTrue(c.namedGroups().isEmpty());
        assertTrue(c.applicationProtocols().isEmpty());
        assertTrue(c.privateKey().isEmpty());
        assertFalse(c.sessionTicketsDisabled());
    }

    @Test
    void versionMinAboveMaxIsRefusedAtBuildNamingBoth() {
        TlsConfig.Builder b = TlsConfig.builder().versionMin(TlsVersion.TLS_1_3).versionMax(TlsVersion.TLS_1_2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("TLSv1.3") && e.getMessage().contains("TLSv1.2"), e.getMessage());
    }

    @Test
    void unknownCipherSuiteIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().cipherSuites(List.of("TLS_AES_128_GCM_SHA256", "TLS_MADE_UP_SUITE")));
        assertTrue(e.getMessage().contains("TLS_MADE_UP_SUITE"), e.getMessage());
    }

    @Test
    void unknownGroupAndBadAlpnAreRefusedNamingThem() {
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().namedGroups(List.of("curve9999")));
        assertTrue(g.getMessage().contains("curve9999"), g.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().applicationProtocols(List.of("")));
        assertTrue(a.getMessage().contains("application protocol"), a.getMessage());
    }

    @Test
    void listsAreCopiedSoTheConfigIsASnapshot() {
        List<String> alpn = new ArrayList<>(List.of("h2"));
        TlsConfig.Builder b = TlsConfig.builder().applicationProtocols(alpn);
        TlsConfig first = b.build();
        alpn.add("http/1.1");
        b.applicationProtocols(List.of("http/1.1"));
        assertEquals(List.of("h2"), first.applicationProtocols());
        assertThrows(UnsupportedOperationException.class, () -> first.applicationProtocols().add("x"));
    }

    @Test
    void brokenPemIsRefused(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().rootCaPem("not a pem"));
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder()
                .rootCaPem("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"));
        Path missing = dir.resolve("missing.pem");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> TlsConfig.builder().rootCaFile(missing));
        assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().rootCaFile(empty));
    }

    @Test
    void encryptedKeyIsRefusedWithAClearMessage() {
        String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().certificatePairPem(pem, "x"));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }
}
