package tcp.client.examples.quickstart;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tcp.client.api.ClientTCP;
import tcp.client.framing.FrameCodec;
import tcp.client.framing.FramedClient;

/** Sends one line to a line echo server and prints the answer: {@code QuickStart host:port}. */
public final class QuickStart {
    public static void main(String[] args) throws Exception {
        ClientTCP client = ClientTCP.builder(args[0])         // "host:port"; no DNS until connect
                .connectTimeout(Duration.ofSeconds(5))        // name lookup, TCP and TLS, in all
                .build();                                     // the transport on the path: conscrypt, jdk or bc
        try (FramedClient lines = FramedClient.of(client, FrameCodec.lines())) {
            client.connect();
            lines.writeFrame("hello".getBytes(StandardCharsets.UTF_8));      // sends "hello\n"
            byte[] reply = lines.readFrame();                                 // null if the server closed
            System.out.println(new String(reply, StandardCharsets.UTF_8) + " (via " + client.transport() + ")");
        }
    }
}
