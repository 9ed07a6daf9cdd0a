package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.spi.TransportProvider;
import tcp.client.it.ProbeApps.Attempt;
import tcp.client.it.ProbeApps.ProbeRun;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;

/**
 * Section S: which transport an application gets from what is on its path. Except CS-158 and
 * CS-159, each scenario starts a JVM running the probe application ({@link ProbeApps}) against a
 * TLS echo server of this JVM, and reads what it printed.
 *
 * <p>The scenarios are not per transport by nature; each row makes its transport the subject: the
 * one alone on the path (CS-152), the selection rule that must pick it (CS-153, CS-157), the one
 * asked for in vain (CS-154, CS-155), the one chosen beside an unavailable provider (CS-156).
 */
@Timeout(60)
class SelectionScenariosTest {
    private static final String NO_TRANSPORT = "tcp.client.api.NoTransportException: ";
    private static final String SERVICES = "META-INF/services/" + TransportProvider.class.getName();
    /** API.md's default order; a provider written elsewhere is not part of it. */
    private static final List<String> PRIORITY_ORDER = List.of("conscrypt", "jdk", "bc");

    private static ProbeApps apps;
    private static TestServer server;
    private static Path rootCaPem;

    @BeforeAll
    static void compileProbesAndStartTlsEcho(@TempDir Path dir) throws IOException {
        apps = ProbeApps.compile(dir.resolve("probe"));
        rootCaPem = dir.resolve("root-ca.pem");
        Files.writeString(rootCaPem, TestPki.shared().rootPem(), StandardCharsets.US_ASCII);
        server = TestServer.tls(Behaviour.ECHO);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @TransportTest
    void cs152_eachTransportAloneOnTheModulePathIsChosenAndEchoesOverVerifiedTls(String transport) throws Exception {
        ProbeRun run = apps.runOnModulePath(ProbeApps.path(List.of(transport), apps.probe()), List.of(),
                probeArgs("default"));

        assertEquals(List.of(transport), List.copyOf(run.found().keySet()), run::toString);
        Attempt attempt = assertChoseAndEchoed(run, "default", transport);
        assertEquals(0, run.exitCode(), run::toString);
        String protocol = attempt.value("protocol").orElse("");
        assertTrue(Set.of("TLSv1.2", "TLSv1.3").contains(protocol), () -> "protocol " + protocol + "\n" + run);
        assertFalse(attempt.value("suite").orElse("").isBlank(), run::toString);
        // The README's table of transports quotes what each negotiated here.
        System.out.println("CS-152 " + transport + " alone on the module path: " + protocol + " "
                + attempt.value("suite").orElse(""));
    }

    @TransportTest
    void cs153_allTransportsOnTheModulePathSelectByPriorityPropertyOrName(String transport) throws Exception {
        Selection selection = Selection.makingTheSubject(transport);
        ProbeRun run = apps.runOnModulePath(ProbeApps.path(ProbeApps.allTransports(), apps.probe()),
                selection.jvmOptions(), probeArgs(selection.attempts().keySet().toArray(new String[0])));

        assertEquals(Set.copyOf(ProbeApps.allTransports()), run.found().keySet(), run::toString);
        selection.attempts().forEach((attempt, expected) -> assertChoseAndEchoed(run, attempt, expected));
        assertEquals(0, run.exitCode(), run::toString);
    }

    @TransportTest
    void cs154_noTransportOnTheModulePathThrowsNoTransportExceptionNamingTheJdkModule(String transport)
            throws Exception {
        ProbeRun run = apps.runOnModulePath(List.of(ProbeApps.api(), apps.probe()), List.of(),
                probeArgs("default", transport));

        assertEquals(Map.of(), run.found(), run::toString);
        String byDefault = run.attempt("default").error();
        assertTrue(byDefault.startsWith(NO_TRANSPORT), run::toString);
        assertTrue(byDefault.contains("tcp.client.transport.jdk"), run::toString);
        String byName = run.attempt(transport).error();
        assertTrue(byName.startsWith(NO_TRANSPORT), run::toString);
        assertTrue(byName.contains("tcp.client.transport." + transport), run::toString);
        assertEquals(1, run.exitCode(), run::toString);
    }

    @TransportTest
    void cs155_askingForATransportThatIsNotThereListsWhatWasFound(String transport) throws Exception {
        List<String> others = new ArrayList<>(ProbeApps.allTransports());
        others.remove(transport);
        ProbeRun run = apps.runOnModulePath(ProbeApps.path(others, apps.probe()), List.of(), probeArgs(transport));

        assertEquals(Set.copyOf(others), run.found().keySet(), run::toString);
        String error = run.attempt(transport).error();
        assertTrue(error.startsWith(NO_TRANSPORT), run::toString);
        assertTrue(error.contains("\"" + transport + "\""), () -> "names what was asked for\n" + run);
        int found = error.indexOf("found:");
        assertTrue(found > 0, () -> "says what was found\n" + run);
        String list = error.substring(found);
        for (String other : others) {
            assertTrue(Pattern.compile("\\b" + Pattern.quote(other) + "\\b").matcher(list).find(),
                    () -> "lists " + other + " as found\n" + run);
        }
        assertEquals(1, run.exitCode(), run::toString);
    }

    @TransportTest
    void cs156_anUnavailableProviderIsSkippedListedWithItsReasonAndRefusedByName(String transport) throws Exception {
        ProbeRun run = apps.runOnModulePath(
                ProbeApps.path(List.of(transport), apps.probe(), apps.unavailableProvider()), List.of(),
                probeArgs("default", ProbeApps.UNAVAILABLE_NAME));

        String listed = run.found().get(ProbeApps.UNAVAILABLE_NAME);
        assertNotNull(listed, () -> "Transports.available() lists the unavailable provider\n" + run);
        assertTrue(listed.contains("|unavailable|") && listed.contains(ProbeApps.UNAVAILABLE_REASON),
                () -> "listed with its reason\n" + run);
        assertEquals(transport + "|" + ProbeApps.provider(transport).priority() + "|available",
                run.found().get(transport), run::toString);
        // Its priority is above every real transport's, so only its reason keeps it from being chosen.
        assertChoseAndEchoed(run, "default", transport);
        String refused = run.attempt(ProbeApps.UNAVAILABLE_NAME).error();
        assertTrue(refused.startsWith(NO_TRANSPORT), run::toString);
        assertTrue(refused.contains(ProbeApps.UNAVAILABLE_REASON), () -> "refused with the reason\n" + run);
        assertEquals(1, run.exitCode(), run::toString);
    }

    @TransportTest
    void cs157_allJarsOnTheClassPathSelectThroughServiceFilesAsOnTheModulePath(String transport) throws Exception {
        Selection selection = Selection.makingTheSubject(transport);
        ProbeRun run = apps.runOnClassPath(ProbeApps.path(ProbeApps.allTransports(), apps.probe()),
                selection.jvmOptions(), probeArgs(selection.attempts().keySet().toArray(new String[0])));

        assertEquals(Set.copyOf(ProbeApps.allTransports()), run.found().keySet(), run::toString);
        selection.attempts().forEach((attempt, expected) -> assertChoseAndEchoed(run, attempt, expected));
        assertEquals(0, run.exitCode(), run::toString);
    }

    @TransportTest
    void cs158_usingATransportLeavesJvmWideSecurityStateAlone(String transport) throws Exception {
        List<Provider> providersBefore = List.of(Security.getProviders());
        Map<String, String> settingsBefore = jvmWideTlsSettings();
        SSLContext defaultBefore = SSLContext.getDefault();

        try (TestServer plain = TestServer.plain(Behaviour.ECHO); TestServer tls = TestServer.tls(Behaviour.ECHO)) {
            echoOnce(Tck.client(transport, plain.address()));
            echoOnce(Tck.tlsClient(transport, tls.address()));
            // Named groups are the setting most tempting to apply JVM-wide (jdk.tls.namedGroups on Java 17).
            TlsConfig groups = TlsConfig.builder().rootCa(TestPki.shared().root())
                    .namedGroups(List.of("x25519", "secp256r1")).build();
            ClientTCP grouped = null;
            try {
                grouped = Tck.builder(transport, tls.address()).tls(groups, "").build();
            } catch (IllegalArgumentException e) {
                // API.md: a transport that could only set named groups JVM-wide refuses them for
                // this client with an IllegalArgumentException naming itself.
                assertTrue(e.getMessage().contains(transport), () -> "names the transport: " + e);
            }
            if (grouped != null) {
                echoOnce(grouped);
            }
        }

        List<Provider> providersAfter = List.of(Security.getProviders());
        assertEquals(names(providersBefore), names(providersAfter), "Security.getProviders()");
        for (int i = 0; i < providersBefore.size(); i++) {
            assertSame(providersBefore.get(i), providersAfter.get(i), "provider #" + (i + 1) + " replaced");
        }
        assertEquals(settingsBefore, jvmWideTlsSettings());
        assertSame(defaultBefore, SSLContext.getDefault(), "SSLContext.getDefault()");
    }

    @TransportTest
    void cs159_moduleInfoProvidesAndServicesFileNameTheSameClass(String transport) {
        Path location = ProbeApps.transportLocation(transport);
        Set<ModuleReference> modules = ModuleFinder.of(location).findAll();
        assertEquals(1, modules.size(), () -> location + " holds one module: " + modules);
        ModuleDescriptor descriptor = modules.iterator().next().descriptor();
        assertFalse(descriptor.isAutomatic(), () -> location + " has a module-info");
        List<String> provided = descriptor.provides().stream()
                .filter(p -> p.service().equals(TransportProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).toList();
        String services = ProbeApps.readEntry(location, SERVICES)
                .orElseGet(() -> fail(location + " has no " + SERVICES));
        List<String> listed = services.lines().map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty()).toList();

        assertEquals(List.of(ProbeApps.provider(transport).getClass().getName()), provided,
                () -> descriptor.name() + " provides");
        assertEquals(provided, listed, SERVICES + " of " + location);
    }

    /**
     * How CS-153 and CS-157 make a transport the subject: conscrypt must win by priority, bc must be
     * chosen by the system property (and the builder's name still outranks the property), and any
     * other transport by the builder's name.
     *
     * @param jvmOptions options of the probe JVM
     * @param attempts the probe's selections, in order, each with the transport it must get
     */
    private record Selection(List<String> jvmOptions, Map<String, String> attempts) {
        static Selection makingTheSubject(String transport) {
            Map<String, String> attempts = new LinkedHashMap<>();
            switch (transport) {
                case "conscrypt" -> attempts.put("default", expectedByPriority());
                case "bc" -> {
                    attempts.put("default", "bc");
                    attempts.put("jdk", "jdk");
                    return new Selection(List.of("-Dtcp.client.transport=bc"), attempts);
                }
                default -> attempts.put(transport, transport);
            }
            return new Selection(List.of(), attempts);
        }

        /**
         * Conscrypt where its native library loads here; where it does not (this JVM tells, and the
         * probe JVM runs on the same machine), API.md makes the next by priority the choice.
         */
        private static String expectedByPriority() {
            for (String name : PRIORITY_ORDER) {
                if (ProbeApps.allTransports().contains(name) && ProbeApps.provider(name).unavailableReason().isEmpty()) {
                    return name;
                }
            }
            throw new AssertionError("none of " + PRIORITY_ORDER + " is available here");
        }
    }

    private static Attempt assertChoseAndEchoed(ProbeRun run, String selection, String expected) {
        Attempt attempt = run.attempt(selection);
        assertEquals(Optional.of(expected), attempt.value("transport"), () -> "selection " + selection + "\n" + run);
        assertTrue(attempt.echoed(), () -> "verified TLS echo with " + expected + "\n" + run);
        return attempt;
    }

    private static List<String> probeArgs(String... selections) {
        List<String> args = new ArrayList<>(List.of(server.address(), rootCaPem.toString()));
        args.addAll(List.of(selections));
        return args;
    }

    private static void echoOnce(ClientTCP client) throws IOException {
        try (client) {
            client.connect(Tck.CONNECT);
            EchoRoundTrip.assertEchoes(client, "cs158\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static List<String> names(List<Provider> providers) {
        return providers.stream().map(p -> p.getName() + " " + p.getVersionStr()).toList();
    }

    /** System and security properties through which TLS could be changed for the whole JVM. */
    private static Map<String, String> jvmWideTlsSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : List.of("jdk.tls.namedGroups", "jdk.tls.client.protocols", "jdk.tls.client.cipherSuites",
                "jdk.tls.client.SignatureSchemes", "javax.net.ssl.trustStore", "javax.net.ssl.keyStore",
                "https.protocols", "com.sun.net.ssl.checkRevocation")) {
            settings.put("system " + name, System.getProperty(name));
        }
        for (String name : List.of("jdk.tls.disabledAlgorithms", "jdk.certpath.disabledAlgorithms",
                "jdk.tls.legacyAlgorithms", "ssl.SocketFactory.provider", "ssl.TrustManagerFactory.algorithm",
                "securerandom.source")) {
            settings.put("security " + name, Security.getProperty(name));
        }
        return settings;
    }
}
