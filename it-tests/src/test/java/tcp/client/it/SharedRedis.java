package tcp.client.it;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tcp.client.testkit.LoopbackEndpoint;
import tcp.client.testkit.RedisServer;

/**
 * A real redis-server shared by the scenarios of one test class: started before the first,
 * stopped after the last. Registered on a static field, it is dialed like the server itself:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedRedis redis = SharedRedis.tls(false);
 * ...
 * Tck.tlsClient(transport, redis.address())
 * }</pre>
 *
 * <p>Without redis-server on the PATH every scenario of the class fails ({@link RedisServer}
 * throws, naming the command); none is skipped.
 */
final class SharedRedis implements BeforeAllCallback, AfterAllCallback, LoopbackEndpoint {
    private final Supplier<RedisServer> start;
    private volatile RedisServer server;

    private SharedRedis(Supplier<RedisServer> start) {
        this.start = start;
    }

    /** A plain server ({@link RedisServer#plain()}). */
    static SharedRedis plain() {
        return new SharedRedis(RedisServer::plain);
    }

    /** A TLS-only server presenting the test PKI's server identity ({@link RedisServer#tls(boolean)}). */
    static SharedRedis tls(boolean requireClientCertificate) {
        return new SharedRedis(() -> RedisServer.tls(requireClientCertificate));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = start.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RedisServer started = server;
        server = null;
        if (started != null) {
            started.close();
        }
    }

    /** The server's port (the TLS port for a TLS server). */
    @Override
    public int port() {
        return running().port();
    }

    /** Restarts the server on the same port ({@link RedisServer#restart()}). */
    void restart() {
        running().restart();
    }

    private RedisServer running() {
        RedisServer running = server;
        if (running == null) {
            throw new IllegalStateException("redis-server runs only while the scenarios of its test class run"
                    + " (register SharedRedis with @RegisterExtension on a static field)");
        }
        return running;
    }

    @Override
    public String toString() {
        return "SharedRedis[" + server + "]";
    }
}
