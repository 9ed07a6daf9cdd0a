package tcp.client.transport.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/** BCJSSE's per-connection INFO lines do not reach the user's logs; the root logger is untouched. */
@Timeout(30)
class QuietLoggingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BothCryptos
    void connectionsAndFailedHandshakesLogNothing(String crypto) throws IOException {
        Level rootLevel = Logger.getLogger("").getLevel();
        // The client side only: the testkit's BCJSSE server logs under the same names.
        Logger bc = Logger.getLogger("org.bouncycastle.jsse.provider");
        Recorder recorder = new Recorder();
        try (TestServer good = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder().engine(TlsServerOptions.Engine.SUNJSSE).build());
             ClientTCP client = BcClients.tls(crypto, "localhost:" + good.port(), null);
             ClientTCP wrongName = BcClients.tls(crypto, "localhost:" + good.port(), "wrong.example")) {
            bc.addHandler(recorder);
            client.connect(WAIT);
            assertEquals("quiet", EchoTest.roundTrip(client, "quiet"));
            assertThrows(SSLHandshakeException.class, () -> wrongName.connect(WAIT));
        } finally {
            bc.removeHandler(recorder);
        }
        assertEquals(List.of(), recorder.records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList());
        assertEquals(Level.WARNING, Logger.getLogger("org.bouncycastle.jsse").getLevel());
        assertEquals(rootLevel, Logger.getLogger("").getLevel());
        assertTrue(Logger.getLogger("org.bouncycastle.jsse").isLoggable(Level.WARNING));
    }

    private static final class Recorder extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        Recorder() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
