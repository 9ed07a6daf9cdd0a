package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.DIGITAL_SIGNATURE;
import static tcp.client.testkit.CertificateBuilder.KeyUsage.KEY_CERT_SIGN;
import static tcp.client.testkit.CertificateBuilder.SERVER_AUTH;

import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.testkit.TestPki;

@Timeout(10)
class VerifiedChainsTest {
    private static KeyPair rootKey;
    private static X509Certificate root;
    private static X509Certificate leaf;
    private static X509Certificate otherLeaf;

    @BeforeAll
    static void pki() {
        rootKey = TestPki.ecKeyPair("secp256r1");
        root = TestPki.certificate("Chains Root", rootKey).ca().keyUsage(KEY_CERT_SIGN).build();
        leaf = leaf("leaf.test");
        otherLeaf = leaf("leaf.test");
    }

    private static X509Certificate leaf(String name) {
        return TestPki.certificate(name, TestPki.ecKeyPair("secp256r1")).issuer("Chains Root", rootKey.getPrivate())
                .dns(name).extendedKeyUsage(SERVER_AUTH).keyUsage(DIGITAL_SIGNATURE).build();
    }

    @Test
    void aValidatedChainIsFoundAgainOnlyByItsExactCertificatesAndAuthType() {
        VerifiedChains chains = new VerifiedChains();
        X509Certificate[] chain = {leaf, root};
        long now = System.currentTimeMillis();
        chains.add(VerifiedChains.key(chain, "UNKNOWN"), chain);

        assertTrue(chains.contains(VerifiedChains.key(new X509Certificate[] {leaf, root}, "UNKNOWN"), now));
        assertFalse(chains.contains(VerifiedChains.key(new X509Certificate[] {otherLeaf, root}, "UNKNOWN"), now),
                "another leaf under the same name and root");
        assertFalse(chains.contains(VerifiedChains.key(new X509Certificate[] {leaf}, "UNKNOWN"), now),
                "the same leaf without its root");
        assertFalse(chains.contains(VerifiedChains.key(chain, "ECDHE_RSA"), now), "another auth type");
    }

    @Test
    void aChainIsUsedOnlyWithinEveryCertificatesValidity() {
        Instant notAfter = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        X509Certificate shortLived = TestPki.certificate("short.test", TestPki.ecKeyPair("secp256r1"))
                .issuer("Chains Root", rootKey.getPrivate()).dns("short.test").validUntil(notAfter)
                .extendedKeyUsage(SERVER_AUTH).keyUsage(DIGITAL_SIGNATURE).build();
        X509Certificate[] chain = {shortLived, root};
        VerifiedChains chains = new VerifiedChains();
        VerifiedChains.Key key = VerifiedChains.key(chain, "UNKNOWN");
        chains.add(key, chain);

        assertTrue(chains.contains(key, notAfter.toEpochMilli()));
        assertFalse(chains.contains(key, notAfter.toEpochMilli() + 1), "after the leaf expired");
        assertFalse(chains.contains(key, shortLived.getNotBefore().getTime() - 1), "before the leaf was valid");
    }

    @Test
    void aFullSetIsClearedBeforeTheNextChainIsKept() {
        VerifiedChains chains = new VerifiedChains();
        X509Certificate[] first = {leaf, root};
        chains.add(VerifiedChains.key(first, "UNKNOWN"), first);
        for (int i = 1; i < VerifiedChains.CAPACITY; i++) {
            chains.add(VerifiedChains.key(first, "type-" + i), first);
        }
        assertEquals(VerifiedChains.CAPACITY, chains.size());

        chains.add(VerifiedChains.key(first, "one more"), first);

        assertEquals(1, chains.size());
        assertFalse(chains.contains(VerifiedChains.key(first, "UNKNOWN"), System.currentTimeMillis()));
    }

    @Test
    void theTrustManagerValidatesAChainOnceButChecksTheHostEveryTime() throws Exception {
        CountingPkix pkix = new CountingPkix(false);
        VerifyingTrustManager tm = new VerifyingTrustManager(pkix);
        X509Certificate[] chain = {leaf, root};

        tm.checkServerTrusted(chain, "GENERIC", engineFor("leaf.test"));
        tm.checkServerTrusted(chain.clone(), "GENERIC", engineFor("leaf.test"));
        assertEquals(1, pkix.calls.get(), "the second handshake found the chain validated");

        CertificateException wrongHost = assertThrows(CertificateException.class,
                () -> tm.checkServerTrusted(chain, "GENERIC", engineFor("other.test")));
        assertTrue(wrongHost.getMessage().contains("other.test"), wrongHost.getMessage());

        tm.checkServerTrusted(new X509Certificate[] {otherLeaf, root}, "GENERIC", engineFor("leaf.test"));
        assertEquals(2, pkix.calls.get(), "another chain is validated");
        assertEquals(2, tm.verifiedChains());
    }

    @Test
    void aRefusedChainIsNeverKept() {
        CountingPkix pkix = new CountingPkix(true);
        VerifyingTrustManager tm = new VerifyingTrustManager(pkix);
        X509Certificate[] chain = {leaf, root};

        assertThrows(CertificateException.class, () -> tm.checkServerTrusted(chain, "UNKNOWN", engineFor("leaf.test")));
        assertThrows(CertificateException.class, () -> tm.checkServerTrusted(chain, "UNKNOWN", engineFor("leaf.test")));

        assertEquals(2, pkix.calls.get());
        assertEquals(0, tm.verifiedChains());
    }

    private static SSLEngine engineFor(String host) throws Exception {
        return javax.net.ssl.SSLContext.getDefault().createSSLEngine(host, 443);
    }

    /** Counts chain validations; refuses every chain when asked to. */
    private static final class CountingPkix implements X509TrustManager {
        final AtomicInteger calls = new AtomicInteger();
        private final boolean refuse;

        CountingPkix(boolean refuse) {
            this.refuse = refuse;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            calls.incrementAndGet();
            if (refuse) {
                throw new CertificateException("refused by the test");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {root};
        }
    }
}
