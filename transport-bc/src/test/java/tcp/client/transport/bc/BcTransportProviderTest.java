package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;

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
