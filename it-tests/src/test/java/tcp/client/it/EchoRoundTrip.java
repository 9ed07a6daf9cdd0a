package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import tcp.client.api.ClientTCP;

/** Echo round trips against an {@code ECHO} server, for the integrity, leak, load and selection scenarios. */
final class EchoRoundTrip {
    private EchoRoundTrip() {
    }

    /** Writes {@code data} and asserts that exactly it comes back. */
    static void assertEchoes(ClientTCP client, byte[] data) throws IOException {
        client.write(data);
        assertArrayEquals(data, Tck.readExactly(client, data.length), "echoed bytes");
    }
}
