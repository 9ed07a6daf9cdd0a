package tcp.client.it;

import java.io.IOException;
import java.time.Duration;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.TestPki;

/** Shortcuts shared by the scenarios. */
public final class Tck {
    /** "promptly" in CONFORMANCE.md. */
    public static final Duration PROMPTLY = Duration.ofSeconds(1);
    /** A connect budget for scenarios that expect success. */
    public static final Duration CONNECT = Duration.ofSeconds(5);

    private Tck() {
    }

    /** A builder for {@code address} on the given transport. */
    public static ClientTCP.Builder builder(String transport, String address) {
        return ClientTCP.builder(address).transport(transport);
    }

    /** A client for {@code address} on the given transport. */
    public static ClientTCP client(String transport, String address) {
        return builder(transport, address).build();
    }

    /** TLS settings that trust the shared test PKI's root and nothing else. */
    public static TlsConfig trustTestRoot() {
        return TlsConfig.builder().rootCa(TestPki.shared().root()).build();
    }

    /**
     * Reads exactly {@code n} bytes through the client's {@code read}, at most {@code n} calls.
     *
     * @throws IOException also for an end of stream before {@code n} bytes
     */
    public static byte[] readExactly(ClientTCP client, int n) throws IOException {
        byte[] buffer = new byte[n];
        int got = 0;
        for (int calls = 0; got < n && calls < n; calls++) {
            int r = client.read(buffer, got, n - got);
            if (r < 0) {
                throw new IOException("end of stream after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return buffer;
    }

    /** A TLS client of {@code address} that trusts the shared test root. */
    public static ClientTCP tlsClient(String transport, String address) {
        return builder(transport, address).tls(trustTestRoot(), "").build();
    }
}
