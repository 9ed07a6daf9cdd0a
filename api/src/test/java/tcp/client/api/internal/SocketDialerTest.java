package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.spi.TransportOptions;
import tcp.client.testkit.Blackhole;
import tcp.client.testkit.DeadPort;

/** RFC 8305 dialing of several addresses, against loopback fixtures. */
@Timeout(30)
class SocketDialerTest {
    private static final Duration DELAY = Duration.ofMillis(250);
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();

    private static InetAddress v6() throws Exception {
        return InetAddress.getByName("::1");
    }

    @Test
    void familiesAreInterleavedStartingWithTheFirst() throws Exception {
        InetAddress a4 = InetAddress.getByName("127.0.0.1");
        InetAddress b4 = InetAddress.getByName("127.0.0.2");
        InetAddress a6 = InetAddress.getByName("::1");
        InetAddress b6 = InetAddress.getByName("::2");
        assertEquals(List.of(a6, a4, b6, b4), SocketDialer.interleaved(List.of(a6, b6, a4, b4)));
        assertEquals(List.of(a4, a6, b4, b6), SocketDialer.interleaved(List.of(a4, b4, a6, b6)));
        assertEquals(List.of(a4, b4), SocketDialer.interleaved(List.of(a4, b4)));
    }

    @Test
    void aSilentFirstAddressCostsOneDelay() throws Exception {
        try (Blackhole silent = Blackhole.open();
             ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(v6(), silent.port()));
            long start = System.nanoTime();
            try (ConnectAttempt attempt = ConnectAttempt.begin("test", budget(10));
                 SocketChannel channel = SocketDialer.dial(attempt, List.of(V4, v6()), silent.port(),
                         TransportOptions.DEFAULTS, DELAY);
                 Socket accepted = server.accept()) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(v6(), ((InetSocketAddress) channel.getRemoteAddress()).getAddress());
                assertTrue(channel.isBlocking(), "handed back in blocking mode");
                assertTrue(millis >= 200 && millis < 1_500, "took " + millis + " ms");
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {7}));
                assertEquals(7, accepted.getInputStream().read());
            }
        }
    }

    @Test
    void aRefusingFirstAddressIsPassedAtOnce() throws Exception {
        DeadPort dead = DeadPort.reserve();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(v6(), dead.port()));
            long start = System.nanoTime();
            try (ConnectAttempt attempt = ConnectAttempt.begin("test", budget(10));
                 SocketChannel channel = SocketDialer.dial(attempt, List.of(V4, v6()), dead.port(),
                         TransportOptions.DEFAULTS, Duration.ofSeconds(5))) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(v6(), ((InetSocketAddress) channel.getRemoteAddress()).getAddress());
                assertTrue(millis < 1_000, "the refusal started the next attempt at once; took " + millis + " ms");
            }
        }
    }

    @Test
    void allRefusingFailsWithTheFirstFailureAndTheOthersSuppressed() throws Exception {
        DeadPort dead = DeadPort.reserve();
        try (ConnectAttempt attempt = ConnectAttempt.begin("test", budget(10))) {
            ConnectException e = assertThrows(ConnectException.class, () -> SocketDialer.dial(attempt,
                    List.of(V4, v6()), dead.port(), TransportOptions.DEFAULTS, DELAY));
            assertEquals(1, e.getSuppressed().length, () -> List.of(e.getSuppressed()).toString());
        }
    }

    @Test
    void allSilentRunsOutOfTheBudgetOnce() throws Exception {
        try (Blackhole silent = Blackhole.open();
             ConnectAttempt attempt = ConnectAttempt.begin("test", new ConnectAttempt.Budget(
                     Duration.ofMillis(600), Duration.ofSeconds(1)))) {
            InetAddress other = InetAddress.getByName("127.0.0.1");
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> SocketDialer.dial(attempt,
                    List.of(V4, other), silent.port(), TransportOptions.DEFAULTS, Duration.ofMillis(100)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 500 && millis < 2_000, "took " + millis + " ms: " + e);
            assertTrue(e.getMessage().contains("600 ms"), e::getMessage);
        }
    }

    private static ConnectAttempt.Budget budget(int seconds) {
        return new ConnectAttempt.Budget(Duration.ofSeconds(seconds), Duration.ofSeconds(seconds));
    }
}
