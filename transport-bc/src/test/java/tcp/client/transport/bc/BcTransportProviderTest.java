package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.spi.Transport;
import tcp.client.api.spi.TransportOptions;

@Timeout(30)
class BcTransportProviderTest {

    @Test
    void isNamedBcAndRanksBelowTheJdk() {
        BcTransportProvider provider = new BcTransportProvider();
        assertEquals("bc", provider.name());
        assertEquals(50, provider.priority());
        assertTrue(provider.unavailableReason().isEmpty(), () -> provider.unavailableReason().get().toString());
    }

    @BothCryptos
    void clientsReportTheBcTransport(String crypto) {
        try (ClientTCP client = BcClients.build(crypto, "localhost:1", b -> b)) {
            assertEquals("bc", client.transport());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyClientSharesOneTransportPerCrypto() {
        BcTransportProvider provider = new BcTransportProvider();
        Transport shared = provider.create(TransportOptions.DEFAULTS);
        TransportOptions other = new TransportOptions(Duration.ZERO, Duration.ofSeconds(15), 9, true, 0, 0, Duration.ZERO, Duration.ofSeconds(10));
        assertSame(shared, provider.create(other), "the core applies the options, not the transport");
        String previous = System.getProperty(BcTransportProvider.CRYPTO_PROPERTY);
        String otherCrypto = BcTransport.fromProperty(previous) == BcTransport.JCA ? "bc" : "jca";
        System.setProperty(BcTransportProvider.CRYPTO_PROPERTY, otherCrypto);
        try {
            assertNotSame(shared, provider.create(TransportOptions.DEFAULTS), "another crypto, another transport");
        } finally {
            if (previous == null) {
                System.clearProperty(BcTransportProvider.CRYPTO_PROPERTY);
            } else {
                System.setProperty(BcTransportProvider.CRYPTO_PROPERTY, previous);
            }
        }
    }

    @Test
    void unknownCryptoIsRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BcClients.build("openssl", "localhost:1", b -> b));
        assertTrue(e.getMessage().contains("tcp.client.bc.crypto") && e.getMessage().contains("openssl"),
                e.getMessage());
    }

    @Test
    void cryptoPropertyIsCaseInsensitiveAndDefaultsToJca() {
        assertEquals(BcTransport.JCA, BcTransport.fromProperty(null));
        assertEquals(BcTransport.JCA, BcTransport.fromProperty(" JCA "));
        assertEquals(BcTransport.BC, BcTransport.fromProperty("bc"));
    }
}
