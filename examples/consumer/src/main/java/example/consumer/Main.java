package example.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import tcp.client.api.ClientTCP;
import tcp.client.api.TransportInfo;
import tcp.client.api.Transports;

/**
 * Prints the transports found, then for the default one and for {@code bc} by name: the transport
 * the client got and one echo round trip with it. Exits 1 unless the default is {@code conscrypt}
 * and the named one {@code bc}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        for (TransportInfo info : Transports.available()) {
            System.out.println("found: " + info);
        }
        try (ServerSocket echo = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serve(echo), "echo");
            server.setDaemon(true);
            server.start();
            String address = "127.0.0.1:" + echo.getLocalPort();
            String byDefault = roundTrip(ClientTCP.create(address));
            String byName = roundTrip(ClientTCP.builder(address).transport("bc").build());
            System.out.println("default transport: " + byDefault);
            System.out.println("requested transport: " + byName);
            if (!byDefault.equals("conscrypt") || !byName.equals("bc")) {
                System.err.println("expected conscrypt by default and bc on request");
                System.exit(1);
            }
        }
    }

    private static String roundTrip(ClientTCP client) throws IOException {
        try (client) {
            client.connect(Duration.ofSeconds(5));
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            client.write(ping);
            byte[] pong = client.inputStream().readNBytes(ping.length);
            if (!Arrays.equals(ping, pong)) {
                throw new IOException("echo via " + client.transport() + " returned " + Arrays.toString(pong));
            }
            return client.transport();
        }
    }

    private static void serve(ServerSocket echo) {
        // Two connections, one after the other; each echoes until the client closes.
        for (int i = 0; i < 2; i++) {
            try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                return;
            }
        }
    }
}
