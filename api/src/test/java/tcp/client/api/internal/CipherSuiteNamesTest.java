package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class CipherSuiteNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA", "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256"})
    void knowsIanaNames(String name) {
        assertTrue(CipherSuiteNames.isIana(name), name);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"SSL_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", "TLS_FALLBACK_SCSV",
        "tls_aes_128_gcm_sha256", "TLS_AES_128_GCM_SHA256 ", "TLS_AES_128_GCM_SHA", "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_DH_ANON_WITH_AES_128_CBC_SHA", "# Names from the IANA"})
    void refusesAliasesSignallingValuesTyposAndOpenSslNames(String name) {
        assertFalse(CipherSuiteNames.isIana(name), String.valueOf(name));
    }

    @Test
    void everySuiteTheJdkSupportsIsKnownByItsIanaName() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        List<String> missing = new ArrayList<>();
        for (String suite : context.getSupportedSSLParameters().getCipherSuites()) {
            if (suite.startsWith("TLS_") && !suite.endsWith("_SCSV") && !CipherSuiteNames.isIana(suite)) {
                missing.add(suite);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void allIsSortedUnmodifiableAndLoadedOnce() {
        Set<String> all = CipherSuiteNames.all();
        assertSame(all, CipherSuiteNames.all());
        assertTrue(all.size() > 200, "size " + all.size());
        assertEquals(new ArrayList<>(new TreeSet<>(all)), new ArrayList<>(all));
        assertTrue(all.stream().allMatch(n -> n.startsWith("TLS_") && !n.endsWith("_SCSV")), all.toString());
        assertTrue(all.stream().noneMatch(n -> n.chars().anyMatch(Character::isWhitespace)));
        assertThrows(UnsupportedOperationException.class, () -> all.add("TLS_MADE_UP"));
        assertTrue(all.containsAll(Arrays.asList("TLS_SHA256_SHA256", "TLS_SM4_GCM_SM3")));
    }
}
