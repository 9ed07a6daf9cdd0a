package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsVersion;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Fds;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;

/**
 * The TLS context cache: a configuration nobody references any more is collected with what the
 * transport prepared for it (its SSL context), as an application that rotates certificates needs.
 */
@Timeout(120)
class TlsContextCacheScenariosTest {
    private static final int CONFIGS = 2_000;
    /** One configuration in this many is also used for a real handshake and an echo. */
    private static final int CONNECT_EVERY = 100;
    private static final Duration COLLECT_LIMIT = Duration.ofSeconds(30);
    private static final int MAX_GC_ROUNDS = 300;
    private static final int PREPARED = 200;
    private static final int FD_TOLERANCE = 10;

    @TransportTest
    void cs174_droppedTlsConfigsAreCollectedWithTheirContexts(String transport) throws Exception {
        List<WeakReference<TlsConfig>> dropped = new ArrayList<>(CONFIGS);
        try (TestServer server = TestServer.tls(Behaviour.ECHO)) {
            for (int i = 0; i < CONFIGS; i++) {
                TlsConfig config = TlsConfig.builder().rootCa(TestPki.shared().root()).build();
                // build() prepares the transport's context for this configuration.
                try (ClientTCP client = Tck.builder(transport, server.address()).tls(config, "").build()) {
                    if (i % CONNECT_EVERY == 0) {
                        client.connect(Tck.CONNECT);
                        client.write(new byte[] {42});
                        assertEquals(42, Tck.readExactly(client, 1)[0]);
                    }
                }
                dropped.add(new WeakReference<>(config));
            }
        }
        long deadline = System.nanoTime() + COLLECT_LIMIT.toNanos();
        long alive = countAlive(dropped);
        for (int round = 0; alive > 0 && round < MAX_GC_ROUNDS && System.nanoTime() < deadline; round++) {
            System.gc();
            alive = countAlive(dropped);
        }
        long stillReachable = alive;
        assertTrue(stillReachable == 0, () -> transport + ": " + stillReachable + " of " + CONFIGS
                + " dropped TLS configurations are still reachable");
    }

    @TransportTest
    void cs203_preparingAConfigurationHoldsNoDescriptor(String transport) throws Exception {
        long before = Fds.openFileDescriptors();
        for (int i = 0; i < PREPARED; i++) {
            TlsConfig.Builder config = TlsConfig.builder().rootCa(TestPki.shared().root());
            if (i % 2 == 0) {
                // Named suites also make the core check the transport's ClientHello (a probe engine).
                config.versionMax(TlsVersion.TLS_1_2).cipherSuites(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
            }
            try (ClientTCP client = Tck.builder(transport, "127.0.0.1:1").tls(config.build(), "").build()) {
                assertEquals(transport, client.transport());
            }
        }
        long after = Fds.openFileDescriptors();
        // No garbage collection is asked for: what is held must have been released at once.
        assertTrue(after <= before + FD_TOLERANCE, () -> transport + ": " + PREPARED + " prepared configurations left "
                + (after - before) + " more descriptors open");
    }

    private static long countAlive(List<WeakReference<TlsConfig>> refs) {
        return refs.stream().filter(r -> r.get() != null).count();
    }
}
