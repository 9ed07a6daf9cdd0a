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
    void clientsWithTheDefaultOptionsShareOneTransportPerCrypto() {
        BcTransportProvider provider = new BcTransportProvider();
        Transport shared = provider.create(TransportOptions.DEFAULTS);
        assertSame(shared, provider.create(TransportOptions.DEFAULTS));
        assertEquals(CryptoChoice.fromProperty(System.getProperty(BcTransportProvider.CRYPTO_PROPERTY)),
                ((BcTransport) shared).contextKey(), "the crypto the property names now");
        TransportOptions other = new TransportOptions(Duration.ZERO, true, 0, 0, Duration.ZERO, Duration.ofSeconds(10));
        assertNotSame(provider.create(other), provider.create(other));
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
        assertEquals(CryptoChoice.JCA, CryptoChoice.fromProperty(null));
        assertEquals(CryptoChoice.JCA, CryptoChoice.fromProperty(" JCA "));
        assertEquals(CryptoChoice.BC, CryptoChoice.fromProperty("bc"));
    }
}
