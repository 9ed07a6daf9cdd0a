package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsVersion;
import tcp.client.api.internal.TlsContexts.PreparedTls;
import tcp.client.api.spi.TlsContext;
import tcp.client.api.spi.TlsContext.PerConnection;
import tcp.client.api.spi.TlsContextRequest;
import tcp.client.api.spi.Transport;

/** The core's TLS policy over a transport written here against SunJSSE. */
@Timeout(20)
class TlsContextsTest {
    /** Counts its contexts; {@code engines} says whether they show their ClientHello. */
    private static final class SunJsse implements Transport {
        final AtomicInteger contexts = new AtomicInteger();
        final boolean engines;
        final boolean groups;

        SunJsse(boolean engines, boolean groups) {
            this.engines = engines;
            this.groups = groups;
        }

        @Override
        public TlsContext newContext(TlsContextRequest request) throws GeneralSecurityException {
            contexts.incrementAndGet();
            SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
            context.init(request.keyManagers(KeyManagerFactory.getInstance("PKIX")), request.trustManagers(), null);
            return new TlsContext() {
                @Override
                public SSLParameters supportedParameters() {
                    return context.getSupportedSSLParameters();
                }

                @Override
                public SSLSocket layer(Socket connected, String host, int port) throws IOException {
                    return (SSLSocket) context.getSocketFactory().createSocket(connected, host, port, true);
                }

                @Override
                public Optional<SSLEngine> newEngine() {
                    return engines ? Optional.of(context.createSSLEngine()) : Optional.empty();
                }

                @Override
                public Set<PerConnection> appliesPerConnection() {
                    return groups ? Set.of(PerConnection.NAMED_GROUPS) : Set.of();
                }
            };
        }
    }

    @Test
    void clientsOfOneConfigurationShareItsContextPerTransport() {
        SunJsse jdk = new SunJsse(true, false);
        SunJsse other = new SunJsse(true, false);
        TlsConfig config = TlsConfig.builder().build();
        PreparedTls first = TlsContexts.prepared("t", jdk, config);
        assertSame(first, TlsContexts.prepared("t", jdk, config));
        assertEquals(1, jdk.contexts.get());
        assertNotSame(first, TlsContexts.prepared("u", other, config), "another transport, another context");
        assertNotSame(first, TlsContexts.prepared("t", jdk, TlsConfig.builder().build()), "another configuration");
        assertEquals(2, jdk.contexts.get());
    }

    @Test
    void defaultsAreTheSecureSuitesTheProviderHasAndBothVersions() {
        PreparedTls p = TlsContexts.prepared("t", new SunJsse(false, false), TlsConfig.builder().build());
        assertArrayEquals(new String[] {"TLSv1.2", "TLSv1.3"}, p.protocols());
        assertEquals("TLS_AES_128_GCM_SHA256", p.suites()[0]);
        assertTrue(List.of(p.suites()).stream().allMatch(s -> s.contains("GCM") || s.contains("CHACHA20")),
                () -> List.of(p.suites()).toString());
    }

    @Test
    void aVersionWithoutASuiteIsNotOffered() {
        TlsConfig only12 = TlsConfig.builder().cipherSuites(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).build();
        PreparedTls p = TlsContexts.prepared("t", new SunJsse(true, false), only12);
        assertArrayEquals(new String[] {"TLSv1.2"}, p.protocols());
        TlsConfig only13Suites = TlsConfig.builder().versionMax(TlsVersion.TLS_1_2)
                .cipherSuites(List.of("TLS_AES_128_GCM_SHA256")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsContexts.prepared("t", new SunJsse(true, false), only13Suites));
        assertTrue(e.getMessage().contains("fit none of the versions"), e::getMessage);
    }

    @Test
    void sessionTicketsOffMakeAConfigNeverResumableOnEveryContext() {
        TlsConfig config = TlsConfig.builder().sessionTicketsDisabled(true).build();
        TlsContexts.PreparedTls prepared = TlsContexts.prepared("t", new SunJsse(false, false), config);
        assertFalse(prepared.resumable());
        assertTrue(List.of(prepared.protocols()).contains("TLSv1.2"), "accepted with TLS 1.2 offered");
        assertTrue(TlsContexts.prepared("t", new SunJsse(false, false), TlsConfig.builder().build()).resumable());
    }

    @Test
    void namedGroupsNeedTheJavaApiOrAContextThatAppliesThem() {
        TlsConfig x25519 = TlsConfig.builder().namedGroups(List.of("x25519")).build();
        if (Runtime.version().feature() >= 20) {
            assertArrayEquals(new String[] {"x25519"},
                    TlsContexts.prepared("t", new SunJsse(true, false), x25519).namedGroups());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TlsContexts.prepared("t", new SunJsse(false, false), x25519));
            assertTrue(e.getMessage().contains("cannot set named groups"), e::getMessage);
        }
        // A context that applies them itself is believed; its ClientHello is not checked here.
        assertArrayEquals(new String[] {"x25519"},
                TlsContexts.prepared("t", new SunJsse(false, true), x25519).namedGroups());
    }

    @Test
    void aProviderThatCannotBuildItsContextIsNamed() {
        Transport broken = request -> {
            throw new NoSuchAlgorithmException("no TLS here");
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsContexts.prepared("broken", broken, TlsConfig.builder().build()));
        assertEquals("transport broken cannot use this TLS configuration: no TLS here", e.getMessage());
        Transport none = request -> null;
        assertThrows(NullPointerException.class, () -> TlsContexts.prepared("none", none, TlsConfig.builder().build()));
    }

    @Test
    void theClientHelloCheckPassesWhatTheEngineOffersExactly() {
        TlsConfig two = TlsConfig.builder().cipherSuites(List.of("TLS_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).build();
        PreparedTls p = TlsContexts.prepared("t", new SunJsse(true, false), two);
        assertArrayEquals(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, p.suites());
    }

    @Test
    void aClientHelloIsReadForItsSuitesAndGroupsWithoutSignallingValues() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        parameters.setCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"});
        engine.setSSLParameters(parameters);
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        OfferCheck.Offer offer = OfferCheck.parse(hello.flip());
        assertEquals(List.of(0x1301, 0xC02C), offer.cipherSuites());
        assertTrue(offer.namedGroups().contains(0x001D), offer.namedGroups()::toString);
        assertThrows(IllegalArgumentException.class, () -> OfferCheck.parse(ByteBuffer.wrap(new byte[] {23, 3, 3})));
    }
}
