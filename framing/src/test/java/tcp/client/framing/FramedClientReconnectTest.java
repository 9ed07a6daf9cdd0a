package tcp.client.framing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.NotConnectedException;
import tcp.client.api.ReconnectPolicy;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

/** A reconnecting client under a FramedClient: a frame cut by a failure never joins the next connection's bytes. */
@Timeout(30)
class FramedClientReconnectTest {
    @Test
    void aPartialFrameIsDroppedWithTheConnectionThatFailed() throws Exception {
        CountDownLatch buffered = new CountDownLatch(1);
        AtomicInteger connections = new AtomicInteger();
        Behaviour behaviour = Behaviour.of("PARTIAL_THEN_RESET", socket -> {
            if (connections.incrementAndGet() == 1) {
                socket.getOutputStream().write("abc".getBytes(UTF_8));
                socket.getOutputStream().flush();
                try {
                    assertTrue(buffered.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                socket.setSoLinger(true, 0);
            } else {
                socket.getOutputStream().write("hello\n".getBytes(UTF_8));
                socket.getOutputStream().flush();
                socket.getInputStream().read();
            }
        });
        try (TestServer server = TestServer.plain(behaviour);
             FramedClient framed = FramedClient.of(ClientTCP.builder(server.address()).transport("jdk")
                     .readTimeout(Duration.ofMillis(300))
                     .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(100)))
                     .build(), FrameCodec.lines())) {
            framed.client().connect(Duration.ofSeconds(5));
            // The timeout proves "abc" was read into the frame buffer.
            assertThrows(SocketTimeoutException.class, framed::readFrame);
            buffered.countDown();
            IOException cut = assertThrows(IOException.class, framed::readFrame);
            assertFalse(cut instanceof SocketTimeoutException, cut::toString);
            assertTrue(framed.client().awaitConnected(Duration.ofSeconds(5)));
            byte[] frame = readSkippingOutage(framed);
            assertEquals("hello", new String(frame, UTF_8), "no byte of the failed connection's frame");
        }
    }

    /** The first frame of the new connection (at most a few calls: a timeout or a late outage). */
    private static byte[] readSkippingOutage(FramedClient framed) throws Exception {
        for (int i = 0; i < 10; i++) {
            try {
                return framed.readFrame();
            } catch (SocketTimeoutException | NotConnectedException e) {
                assertTrue(framed.client().awaitConnected(Duration.ofSeconds(5)));
            }
        }
        throw new AssertionError("no frame from the new connection");
    }
}
