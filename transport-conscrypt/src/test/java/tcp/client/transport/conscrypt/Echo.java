package tcp.client.transport.conscrypt;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.TestPki;

/** Round trips and client set-ups the Conscrypt tests share. */
final class Echo {
    private Echo() {
    }

    /** A builder for a client of this transport. */
    static ClientTCP.Builder client(String address) {
        return ClientTCP.builder(address).transport(ConscryptTransportProvider.NAME);
    }

    /** TLS settings that trust the shared test PKI's root. */
    static TlsConfig.Builder trustingTestRoot() {
        return TlsConfig.builder().rootCa(TestPki.shared().root());
    }

    /** Writes {@code text} and reads back as many bytes; the peer must echo. */
    static String roundTrip(ClientTCP client, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        client.write(sent);
        return new String(readExactly(client, sent.length), StandardCharsets.UTF_8);
    }

    /** Reads exactly {@code n} bytes. */
    static byte[] readExactly(ClientTCP client, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = client.read(b, got, n - got);
            if (r < 0) {
                throw new EOFException("end of stream after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return b;
    }
}
