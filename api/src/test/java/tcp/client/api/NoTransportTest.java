package tcp.client.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The api module alone has no transport: creation must say which module to add. */
@Timeout(10)
class NoTransportTest {
    @Test
    void createWithoutAnyTransportNamesTheJdkModule() {
        NoTransportException e = assertThrows(NoTransportException.class, () -> ClientTCP.create("127.0.0.1:80"));
        assertTrue(e.getMessage().contains("tcp.client.transport.jdk"), e.getMessage());
        assertTrue(Transports.available().isEmpty());
    }

    @Test
    void askingForAMissingTransportListsWhatWasFound() {
        NoTransportException e = assertThrows(NoTransportException.class,
                () -> ClientTCP.builder("127.0.0.1:80").transport("conscrypt").build());
        assertTrue(e.getMessage().contains("\"conscrypt\""), e.getMessage());
        assertTrue(e.getMessage().contains("found: none"), e.getMessage());
        assertTrue(e.getMessage().contains("tcp.client.transport.conscrypt"), e.getMessage());
    }

    @Test
    void addressIsCheckedBeforeTheTransport() {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> ClientTCP.create(""));
        assertEquals("invalid dial address", e.getMessage());
        assertThrows(InvalidAddressException.class, () -> ClientTCP.create(null));
        assertThrows(InvalidAddressException.class, () -> ClientTCP.create("localhost:99999"));
    }

    @Test
    void builderRefusesBadDurationsNamingThem() {
        ClientTCP.Builder b = ClientTCP.builder("127.0.0.1:80");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.connectTimeout(java.time.Duration.ZERO));
        assertTrue(e.getMessage().startsWith("connectTimeout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.readTimeout(java.time.Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.keepAlive(java.time.Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.sendBufferSize(-1));
        assertThrows(NullPointerException.class, () -> b.handshakeTimeout(null));
    }
}
