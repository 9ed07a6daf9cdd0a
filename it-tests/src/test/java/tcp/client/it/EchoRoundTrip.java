package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.EOFException;
import java.io.IOException;
import tcp.client.api.ClientTCP;

/** Echo round trips against an {@code ECHO} server, for the integrity, leak, load and selection scenarios. */
final class EchoRoundTrip {
    private EchoRoundTrip() {
    }

    /** Writes {@code data} and asserts that exactly it comes back. */
    static void assertEchoes(ClientTCP client, byte[] data) throws IOException {
        client.write(data);
        assertArrayEquals(data, readExactly(client, data.length), "echoed bytes");
    }

    /** Reads exactly {@code length} bytes. */
    static byte[] readExactly(ClientTCP client, int length) throws IOException {
        byte[] buffer = new byte[length];
        int total = 0;
        while (total < length) {
            int n = client.read(buffer, total, length - total);
            if (n < 0) {
                throw new EOFException("end of stream after " + total + " of " + length + " bytes");
            }
            total += n;
        }
        return buffer;
    }
}
