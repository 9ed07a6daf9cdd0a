package tcp.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;

/**
 * CONFORMANCE.md section AB: a real server (Debian's redis-server) spoken to through the framing
 * module, plain, TLS and mutual TLS (CS-204 to CS-207). Redis answers each inline command (a line)
 * with lines: {@code +OK}, {@code :1}, {@code $3} then the value.
 */
@Timeout(60)
class RedisScenariosTest {
    private static final int PIPELINED = 1_000;
    @RegisterExtension
    static final SharedRedis plain = SharedRedis.plain();
    @RegisterExtension
    static final SharedRedis tls = SharedRedis.tls(false);
    @RegisterExtension
    static final SharedRedis mutualTls = SharedRedis.tls(true);

    @TransportTest
    void cs204_pingSetAndGetOverPlainTcp(String transport) throws Exception {
        try (FramedClient redis = connect(Tck.client(transport, plain.address()))) {
            assertPingSetGet(redis, transport + "-plain");
        }
    }

    @TransportTest
    void cs205_pingSetAndGetOverTls(String transport) throws Exception {
        try (FramedClient redis = connect(Tck.tlsClient(transport, tls.address()))) {
            assertPingSetGet(redis, transport + "-tls");
            assertTrue(redis.client().tlsSession().isPresent());
        }
    }

    @TransportTest
    void cs206_mutualTlsNeedsTheClientCertificate(String transport) throws Exception {
        Identity client = TestPki.shared().client();
        TlsConfig withKey = TlsConfig.builder().rootCa(TestPki.shared().root())
                .certificatePairPem(client.privateKeyPkcs8Pem(), client.chainPem()).build();
        try (FramedClient redis = connect(Tck.builder(transport, mutualTls.address()).tls(withKey, "").build())) {
            assertPingSetGet(redis, transport + "-mtls");
        }
        // Without a certificate the server refuses: in the handshake, or (TLS 1.3) at the first read.
        try (ClientTCP anonymous = Tck.tlsClient(transport, mutualTls.address())) {
            // An IOException either way; an answer would be an AssertionError, not caught here.
            assertThrows(IOException.class, () -> {
                anonymous.connect(Tck.CONNECT);
                FramedClient redis = FramedClient.of(anonymous, FrameCodec.lines());
                redis.writeFrame(bytes("PING"));
                if (redis.readFrame() != null) {
                    throw new AssertionError("the server answered a client without a certificate");
                }
                throw new IOException("closed without an answer");
            });
        }
    }

    @TransportTest
    void cs207_thousandPipelinedIncrsInOneWrite(String transport) throws Exception {
        try (FramedClient redis = connect(Tck.tlsClient(transport, tls.address()))) {
            String key = "counter-" + transport + "-" + System.nanoTime();
            List<byte[]> commands = new ArrayList<>(PIPELINED);
            for (int i = 0; i < PIPELINED; i++) {
                commands.add(bytes("INCR " + key));
            }
            redis.writeFrames(commands);
            for (int i = 1; i <= PIPELINED; i++) {
                assertEquals(":" + i, text(redis.readFrame()), "reply " + i);
            }
            redis.writeFrame(bytes("GET " + key));
            assertEquals("$" + Integer.toString(PIPELINED).length(), text(redis.readFrame()));
            assertEquals(Integer.toString(PIPELINED), text(redis.readFrame()));
            redis.writeFrame(bytes("QUIT"));
            assertEquals("+OK", text(redis.readFrame()));
            assertNull(redis.readFrame(), "the server closes after QUIT: a clean end between frames");
        }
    }

    private static FramedClient connect(ClientTCP client) throws IOException {
        client.connect(Tck.CONNECT);
        return FramedClient.of(client, FrameCodec.lines());
    }

    private static void assertPingSetGet(FramedClient redis, String key) throws IOException {
        redis.writeFrame(bytes("PING"));
        assertEquals("+PONG", text(redis.readFrame()));
        redis.writeFrame(bytes("SET " + key + " value-of-" + key));
        assertEquals("+OK", text(redis.readFrame()));
        redis.writeFrame(bytes("GET " + key));
        String value = "value-of-" + key;
        assertEquals("$" + value.length(), text(redis.readFrame()));
        assertEquals(value, text(redis.readFrame()));
        redis.writeFrame(bytes("GET missing-" + key));
        assertEquals("$-1", text(redis.readFrame()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] frame) {
        return frame == null ? null : new String(frame, UTF_8);
    }
}
