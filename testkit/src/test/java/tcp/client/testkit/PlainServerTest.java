package tcp.client.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PlainServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static Socket connect(TestServer server) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static String readAll(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void echoEchoesAndRecordsCleanEof() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            assertEquals("127.0.0.1:" + server.port(), server.address());
            try (Socket socket = connect(server)) {
                send(socket, "Hello, World!\n");
                assertArrayEquals("Hello, World!\n".getBytes(StandardCharsets.UTF_8),
                        socket.getInputStream().readNBytes(14));
                assertTrue(server.awaitOpenConnections(1, WAIT));
            }
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.PEER_EOF, server.events().get(0).ending());
            assertEquals(0, server.openConnections());
            assertEquals(1, server.accepted());
        }
    }

    @Test
    void line1EchoesTheFirstLineThenCloses() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.LINE1); Socket socket = connect(server)) {
            send(socket, "ping\n");
            assertEquals("ping\n", readAll(socket));
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.SERVER_CLOSED, server.events().get(0).ending());
        }
    }

    @Test
    void closerGivesEndOfStream() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.CLOSER); Socket socket = connect(server)) {
            assertEquals(-1, socket.getInputStream().read());
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void resetterCausesConnectionReset() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.RESETTER); Socket socket = connect(server)) {
            send(socket, "x");
            SocketException reset = assertThrows(SocketException.class, () -> socket.getInputStream().read());
            assertEquals("Connection reset", reset.getMessage());
        }
    }

    @Test
    void silentNeverWritesUntilTheTestSendsData() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.SILENT); Socket socket = connect(server)) {
            send(socket, "anything");
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.getInputStream().read();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(server.awaitOpenConnections(1, WAIT));
            assertEquals(1, server.sendToAll(new byte[] {42}));
            assertEquals(42, read.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void halfCloseEchoSendsByeAfterClientEof() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.HALF_CLOSE_ECHO); Socket socket = connect(server)) {
            send(socket, "abc");
            socket.shutdownOutput();
            assertEquals("abcbye", readAll(socket));
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.PEER_EOF, server.events().get(0).ending());
        }
    }

    @Test
    void sendThenCloseSendsByeEvenIfTheClientWroteFirst() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.SEND_THEN_CLOSE); Socket socket = connect(server)) {
            send(socket, "unread bytes must not turn the close into a reset");
            assertEquals("bye", readAll(socket));
        }
    }

    @Test
    void httpAnswers200WithABody() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.HTTP); Socket socket = connect(server)) {
            send(socket, "GET / HTTP/1.0\r\n\r\n");
            String response = readAll(socket);
            assertTrue(response.startsWith("HTTP/1.0 200 OK\r\n"), response);
            assertTrue(response.endsWith(Behaviour.HTTP_BODY), response);
        }
    }

    @Test
    void stallNeverReadsSoWritesBlock() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.STALL); Socket socket = connect(server)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[1 << 20];
                try {
                    for (int i = 0; i < 256; i++) {
                        socket.getOutputStream().write(chunk);
                    }
                } catch (IOException e) {
                    // expected once the socket is closed below
                }
            });
            assertThrows(java.util.concurrent.TimeoutException.class, () -> writer.get(300, TimeUnit.MILLISECONDS));
            socket.close();
            writer.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void handlerLambdaRunsPerConnection() throws Exception {
        try (TestServer server = TestServer.plain(s -> s.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII)));
                Socket socket = connect(server)) {
            assertEquals("hi", readAll(socket));
            assertTrue(server.awaitEnds(1, WAIT));
            assertEquals(Ending.SERVER_CLOSED, server.events().get(0).ending());
        }
    }

    @Test
    void closeListenerRefusesNewConnectsButKeepsOldOnes() throws Exception {
        try (TestServer server = TestServer.plain(Behaviour.ECHO); Socket old = connect(server)) {
            assertTrue(server.awaitOpenConnections(1, WAIT));
            server.closeListener();
            assertThrows(ConnectException.class, () -> connect(server).close());
            send(old, "still here");
            assertEquals("still here", new String(old.getInputStream().readNBytes(10), StandardCharsets.UTF_8));
            server.reopenListener();
            try (Socket again = connect(server)) {
                send(again, "x");
                assertEquals('x', again.getInputStream().read());
            }
        }
    }

    @Test
    void closeEndsEveryServerThreadAndRecordsShutdown() throws Exception {
        TestServer server = TestServer.plain(Behaviour.STALL);
        String prefix = "testkit-server-" + server.port() + "-";
        try (Socket a = connect(server); Socket b = connect(server)) {
            assertTrue(server.awaitOpenConnections(2, WAIT));
            assertEquals(3, threadsNamed(prefix).size(), () -> threadsNamed(prefix).toString());
            server.close();
            assertEquals(Set.of(), threadsNamed(prefix));
            assertEquals(List.of(Ending.SHUTDOWN, Ending.SHUTDOWN),
                    server.events().stream().map(ConnectionEnd::ending).toList());
            InputStream in = a.getInputStream();
            assertEquals(-1, in.read());
        }
        server.close(); // idempotent
    }

    @Test
    void manyConnectionsLeaveNoDescriptorsBehind() throws Exception {
        long before = Fds.openFileDescriptors();
        try (TestServer server = TestServer.plain(Behaviour.ECHO)) {
            for (int i = 0; i < 50; i++) {
                try (Socket socket = connect(server)) {
                    send(socket, "x");
                    assertEquals('x', socket.getInputStream().read());
                }
            }
            assertTrue(server.awaitEnds(50, WAIT));
            assertEquals(0, server.openConnections());
        }
        if (before >= 0) {
            assertTrue(Fds.awaitAtMost(Fds::openFileDescriptors, before + 2, WAIT),
                    () -> "descriptors: before " + before + ", now " + Fds.openFileDescriptors());
        }
    }

    private static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .collect(Collectors.toSet());
    }
}
