package tcp.client.transport.conscrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.ClientTCP;
import tcp.client.api.TransportInfo;
import tcp.client.api.Transports;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestServer;

@Timeout(30)
class ConscryptTransportProviderTest {

    @Test
    void namesItselfConscryptWithPriorityAboveJdk() {
        ConscryptTransportProvider provider = new ConscryptTransportProvider();
        assertEquals("conscrypt", provider.name());
        assertEquals(200, provider.priority());
    }

    @Test
    void isAvailableHereAndProbesOnce() {
        ConscryptTransportProvider provider = new ConscryptTransportProvider();
        Optional<Throwable> first = provider.unavailableReason();
        assertTrue(first.isEmpty(), () -> "Conscrypt should load on this machine: " + first);
        assertEquals(first, new ConscryptTransportProvider().unavailableReason());
    }

    @Test
    void everyClientSharesTheOneTransport() {
        ConscryptTransportProvider provider = new ConscryptTransportProvider();
        TransportOptions other = new TransportOptions(Duration.ZERO, Duration.ofSeconds(15), 9, true, 0, 0, Duration.ZERO, Duration.ofSeconds(10));
        assertSame(provider.create(TransportOptions.DEFAULTS), provider.create(other),
                "the core applies the options, not the transport");
    }

    @Test
    void isFoundThroughServiceLoaderAndChosenByDefault() {
        List<String> names = Transports.available().stream().map(TransportInfo::name).toList();
        assertTrue(names.contains("conscrypt"), names::toString);
        // The only transport on this module's test path, and the highest priority anyway.
        assertEquals("conscrypt", Transports.defaultTransport().name());
        try (ClientTCP client = ClientTCP.create("127.0.0.1:1")) {
            assertEquals("conscrypt", client.transport());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void servicesFileNamesTheProviderClass() throws IOException {
        try (InputStream in = ConscryptTransportProvider.class.getResourceAsStream(
                "/META-INF/services/tcp.client.api.spi.TransportProvider")) {
            assertTrue(in != null, "services file missing");
            assertEquals(ConscryptTransportProvider.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
        ModuleDescriptor descriptor = ConscryptTransportProvider.class.getModule().getDescriptor();
        assertTrue(descriptor != null, "tests run on the module path");
        assertEquals(List.of(ConscryptTransportProvider.class.getName()), descriptor.provides().stream()
                .filter(p -> p.service().equals(TransportProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).toList());
    }

    @Test
    void changesNoJvmWideSecurityProvider() throws IOException {
        List<Provider> before = Arrays.asList(Security.getProviders());
        try (TestServer server = TestServer.tls(Behaviour.ECHO);
             ClientTCP client = Echo.client(server.address()).tls(Echo.trustingTestRoot().build(), "localhost").build()) {
            client.connect();
            assertEquals("ping", Echo.roundTrip(client, "ping"));
        }
        List<Provider> after = Arrays.asList(Security.getProviders());
        assertEquals(before, after);
        assertTrue(after.stream().noneMatch(p -> p.getName().toLowerCase().contains("conscrypt")), after::toString);
    }

    @Test
    void createsOneSharedTransport() {
        assertSame(new ConscryptTransportProvider().create(TransportOptions.DEFAULTS),
                new ConscryptTransportProvider().create(TransportOptions.DEFAULTS));
    }
}
