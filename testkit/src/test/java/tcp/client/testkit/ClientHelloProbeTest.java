package tcp.client.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ClientHelloProbeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void parsesSniAndAlpnFromAJdkClientHello() throws Exception {
        try (ClientHelloProbe probe = ClientHelloProbe.start()) {
            assertThrows(IOException.class,
                    () -> JdkClient.trustingTestRoot().connect(probe.port(), "localhost", "h2", "http/1.1").close());
            ClientHello hello = probe.awaitHello(WAIT);
            assertEquals("localhost", hello.serverName());
            assertEquals(List.of("h2", "http/1.1"), hello.applicationProtocols());
            assertTrue(hello.supportedGroups().containsAll(List.of("x25519", "secp256r1")), hello::toString);
            assertTrue(hello.supportedGroupCodes().contains(29), hello::toString);
            assertTrue(hello.sessionTicket(), hello::toString);
            assertTrue(hello.cipherSuites().contains(0x1301), hello::toString); // TLS_AES_128_GCM_SHA256
            assertEquals("TLSv1.3", hello.supportedVersions().get(0));
            assertEquals("TLSv1.2", hello.legacyVersion());
            assertEquals(List.of(hello), probe.hellos());
        }
    }

    @Test
    void ipLiteralTargetSendsNoSni() throws Exception {
        try (ClientHelloProbe probe = ClientHelloProbe.start()) {
            assertThrows(IOException.class, () -> JdkClient.trustingTestRoot().connect(probe.port(), null).close());
            ClientHello hello = probe.awaitHello(WAIT);
            assertEquals("", hello.serverName());
            assertFalse(hello.hasServerName());
            assertEquals(List.of(), hello.applicationProtocols());
        }
    }

    @Test
    void plainBytesAreReportedAsNoClientHello() throws Exception {
        try (ClientHelloProbe probe = ClientHelloProbe.start();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), probe.port())) {
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            IOException e = assertThrows(IOException.class, () -> probe.awaitHello(WAIT));
            assertTrue(e.getMessage().contains("not a TLS handshake record"), e.getMessage());
        }
    }

    @Test
    void awaitHelloTimesOutWhenNobodyConnects() throws Exception {
        try (ClientHelloProbe probe = ClientHelloProbe.start()) {
            assertThrows(TimeoutException.class, () -> probe.awaitHello(Duration.ofMillis(100)));
        }
    }
}
