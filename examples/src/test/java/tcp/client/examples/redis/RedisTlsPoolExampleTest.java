package tcp.client.examples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;
import tcp.client.pool.ClientPool;
import tcp.client.testkit.Identity;
import tcp.client.testkit.RedisServer;
import tcp.client.testkit.TestPki;

/** Against a real redis-server (TLS only); without redis-server these tests fail. */
@Timeout(120)
class RedisTlsPoolExampleTest {

    @Test
    void countsEveryIncrOnceOverAPoolOfFourTlsConnections(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.tls(false)) {
            Path ca = Files.writeString(dir.resolve("ca.pem"), TestPki.shared().rootPem());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            long counter = RedisTlsPoolExample.run(redis.address(), TlsConfig.builder().rootCaFile(ca).build(),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);

            assertEquals(RedisTlsPoolExample.INCRS, counter, out);
            assertTrue(out.contains("PING -> PONG"), out);
            assertTrue(out.contains("SET tcp-client:example:greeting -> OK"), out);
            assertTrue(out.contains("GET tcp-client:example:greeting -> hello over TLS"), out);
            assertTrue(out.contains(" TLSv1."), out);
            assertTrue(out.contains("created=") && !out.contains("created=0"), out);
            // The server itself agrees, asked over a connection of this test's own.
            assertEquals(List.of("$3", "200"), get(redis.address(), ca, RedisTlsPoolExample.COUNTER));
        }
    }

    @Test
    void mainPresentsTheClientCertificateWhenTheServerWantsOne(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.tls(true)) {
            Path ca = Files.writeString(dir.resolve("ca.pem"), TestPki.shared().rootPem());
            Identity.FileSet client = TestPki.shared().client().writeFiles(dir);
            PrintStream stdout = System.out;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            try {
                RedisTlsPoolExample.main(new String[] {redis.address(), ca.toString(),
                        client.privateKey().toString(), client.chain().toString()});
            } finally {
                System.setOut(stdout);
            }
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains(RedisTlsPoolExample.INCRS + " x INCR on " + RedisTlsPoolExample.THREADS
                    + " threads -> " + RedisTlsPoolExample.INCRS), out);
        }
    }

    @Test
    void anErrorReplyIsThrownAndTheConnectionGoesBackToThePool(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.tls(false)) {
            Path ca = Files.writeString(dir.resolve("ca.pem"), TestPki.shared().rootPem());
            TlsConfig tls = TlsConfig.builder().rootCaFile(ca).build();
            ClientPool pool = ClientPool.builder(() -> ClientTCP.builder(redis.address()).tls(tls, "").build())
                    .maxSize(1).build();
            try (RespClient resp = new RespClient(pool)) {
                RespErrorException e = assertThrows(RespErrorException.class, () -> resp.call("NOSUCHCOMMAND"));
                assertTrue(e.getMessage().startsWith("ERR"), e.getMessage());
                // An argument may not hold CRLF, but a reply may: a bulk string made by a script.
                assertEquals("a\r\nb\r\n", resp.call("EVAL",
                        "return 'a' .. string.char(13, 10) .. 'b' .. string.char(13, 10)", "0"));
                assertThrows(IllegalArgumentException.class, () -> resp.call("SET", "k", "a\r\nb"));
                assertEquals(List.of(1L, 2L), List.of(resp.call("RPUSH", "list", "x"), resp.call("RPUSH", "list", "y")));
                assertEquals(List.of("x", "y"), resp.call("LRANGE", "list", "0", "-1"));
                assertEquals(null, resp.call("GET", "missing"));
                assertEquals(1, pool.stats().created(), pool.stats().toString());
            }
        }
    }

    private static List<String> get(String address, Path ca, String key) throws Exception {
        ClientTCP client = ClientTCP.builder(address).tls(TlsConfig.builder().rootCaFile(ca).build(), "").build();
        try (FramedClient lines = FramedClient.of(client, FrameCodec.lines())) {
            client.connect(Duration.ofSeconds(10));
            lines.writeFrame(("GET " + key).getBytes(StandardCharsets.UTF_8));
            return List.of(new String(lines.readFrame(), StandardCharsets.UTF_8),
                    new String(lines.readFrame(), StandardCharsets.UTF_8));
        }
    }
}
