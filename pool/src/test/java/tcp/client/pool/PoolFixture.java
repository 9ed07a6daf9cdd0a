package tcp.client.pool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Await;
import tcp.client.testkit.LoopbackEndpoint;

/** What the pool tests share: a counting client factory, an echo round trip, a bounded poll. */
final class PoolFixture {
    static final Duration WAIT = Duration.ofSeconds(10);

    private PoolFixture() {
    }

    /** A factory of plain clients for {@code server}, counting its calls. */
    static final class Factory implements Supplier<ClientTCP> {
        final AtomicInteger calls = new AtomicInteger();
        private final LoopbackEndpoint server;

        Factory(LoopbackEndpoint server) {
            this.server = server;
        }

        @Override
        public ClientTCP get() {
            calls.incrementAndGet();
            return ClientTCP.builder(server.address()).connectTimeout(Duration.ofSeconds(5)).build();
        }
    }

    /** Writes a line to an echo server and checks it comes back. */
    static void echo(ClientTCP client, String text) throws IOException {
        byte[] sent = (text + "\n").getBytes(UTF_8);
        client.write(sent);
        byte[] got = client.inputStream().readNBytes(sent.length);
        assertEquals(text + "\n", new String(got, UTF_8));
    }

    /** Polls {@code condition} until it holds or {@link #WAIT} passes; true if it held. */
    static boolean until(BooleanSupplier condition) throws InterruptedException {
        return Await.until(WAIT, condition);
    }
}
