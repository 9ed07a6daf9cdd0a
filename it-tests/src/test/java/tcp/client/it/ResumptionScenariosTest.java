package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.TlsVersion;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;
import tcp.client.testkit.TestPki;

/** CONFORMANCE.md section AG: TLS session resumption against an OpenSSL server (CS-226 to CS-228). */
@Timeout(60)
class ResumptionScenariosTest {
    @RegisterExtension
    static final SharedRedis redis = SharedRedis.tls(false);

    private static TlsConfig.Builder only(TlsVersion version) {
        return TlsConfig.builder().rootCa(TestPki.shared().root()).versionMin(version).versionMax(version);
    }

    @TransportTest
    void cs226_secondClientOfAConfigResumesTls13(String transport) throws Exception {
        assertResumes(transport, only(TlsVersion.TLS_1_3).build());
    }

    @TransportTest
    void cs226_secondClientOfAConfigResumesTls12(String transport) throws Exception {
        assertResumes(transport, only(TlsVersion.TLS_1_2).build());
    }

    @TransportTest
    void cs227_reconnectOfOneClientResumes(String transport) throws Exception {
        try (ClientTCP client = Tck.builder(transport, redis.address()).tls(only(TlsVersion.TLS_1_3).build(), "").build()) {
            assertFalse(handshake(client).resumed());
            client.close();
            assertEquals(!TransportGaps.neverResumes(transport), handshake(client).resumed(),
                    "the same client connecting again");
        }
    }

    @TransportTest
    void cs228_sessionTicketsDisabledNeverResumesTls13(String transport) throws Exception {
        assertNeverResumes(transport, only(TlsVersion.TLS_1_3).sessionTicketsDisabled(true).build());
    }

    @TransportTest
    void cs228_sessionTicketsDisabledNeverResumesTls12(String transport) throws Exception {
        assertNeverResumes(transport, only(TlsVersion.TLS_1_2).sessionTicketsDisabled(true).build());
    }

    @TransportTest
    void cs228_sessionTicketsDisabledNeverResumesWithTheDefaultRange(String transport) throws Exception {
        assertNeverResumes(transport, TlsConfig.builder().rootCa(TestPki.shared().root()).sessionTicketsDisabled(true).build());
    }

    private static void assertResumes(String transport, TlsConfig config) throws Exception {
        TlsSessionInfo first;
        try (ClientTCP client = Tck.builder(transport, redis.address()).tls(config, "").build()) {
            first = handshake(client);
        }
        assertFalse(first.resumed(), "the first handshake is full");
        try (ClientTCP client = Tck.builder(transport, redis.address()).tls(config, "").build()) {
            TlsSessionInfo second = handshake(client);
            if (TransportGaps.neverResumes(transport)) {
                // Gap: every handshake is full, and says so.
                assertFalse(second.resumed(), "the gap is gone: update TransportGaps");
                return;
            }
            assertTrue(second.resumed(), "a second client of the same config resumes");
            assertEquals(first.protocol(), second.protocol());
            assertEquals(first.peerCertificates(), second.peerCertificates(), "the resumed session's server");
        }
    }

    private static void assertNeverResumes(String transport, TlsConfig config) throws Exception {
        for (int i = 0; i < 3; i++) {
            try (ClientTCP client = Tck.builder(transport, redis.address()).tls(config, "").build()) {
                assertFalse(handshake(client).resumed(), "handshake " + i);
            }
        }
    }

    /**
     * Connects, and makes one round trip, so that the server's TLS 1.3 tickets have arrived and
     * been read before the connection closes.
     */
    private static TlsSessionInfo handshake(ClientTCP client) throws IOException {
        client.connect(Tck.CONNECT);
        FramedClient resp = FramedClient.of(client, FrameCodec.lines());
        resp.writeFrame("PING".getBytes(UTF_8));
        assertEquals("+PONG", new String(resp.readFrame(), UTF_8));
        return client.tlsSession().orElseThrow();
    }
}
