package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tcp.client.api.ClientTCP;
import tcp.client.api.TransportInfo;
import tcp.client.api.Transports;
import tcp.client.api.spi.TransportProvider;

/**
 * The probe applications of {@code src/test/probe} (see its README), compiled at test time into a
 * directory, and the JVMs that run them.
 *
 * <p>The SDK's own modules and the libraries they need are taken from this JVM: each module's
 * location in the boot layer (surefire puts them on the module path) and, transitively, the
 * locations of the modules it {@code requires}; on the class path, the jar or folder a class was
 * loaded from. One instance per test class; not thread-safe.
 */
final class ProbeApps {
    /** The probe application's module and main class. */
    static final String PROBE_MODULE = "tcp.client.probe";
    static final String PROBE_MAIN = "tcp.client.probe.Probe";
    /** The never-available test provider (CS-156): its name and the text of its reason. */
    static final String UNAVAILABLE_NAME = "probe-unavailable";
    static final String UNAVAILABLE_REASON = "deliberately unavailable: the CS-156 test provider";
    /** How long a started JVM may run. */
    static final Duration RUN_LIMIT = Duration.ofSeconds(45);

    private static final String UNAVAILABLE_MODULE = "tcp.client.probe.unavailable";
    private static final String SERVICES = "META-INF/services/tcp.client.api.spi.TransportProvider";

    private final Path dir;
    private final AtomicInteger runs = new AtomicInteger();

    private ProbeApps(Path dir) {
        this.dir = dir;
    }

    /** Compiles the probe applications into {@code dir} (a fresh temporary folder). */
    static ProbeApps compile(Path dir) throws IOException {
        Path sources = sourceRoot();
        String api = api().toString();
        javac(List.of("-d", dir.resolve(PROBE_MODULE).toString(), "--module-path", api),
                javaFiles(sources.resolve(PROBE_MODULE)));
        Path unavailable = dir.resolve(UNAVAILABLE_MODULE);
        javac(List.of("-d", unavailable.toString(), "--module-path", api),
                javaFiles(sources.resolve(UNAVAILABLE_MODULE)));
        // On the class path the provider is found through its services file, which javac does not copy.
        Path services = unavailable.resolve(SERVICES);
        Files.createDirectories(services.getParent());
        Files.copy(sources.resolve(UNAVAILABLE_MODULE).resolve(SERVICES), services, StandardCopyOption.REPLACE_EXISTING);
        javac(List.of("-d", dir.resolve("holder").toString()), javaFiles(sources.resolve("holder")));
        return new ProbeApps(dir);
    }

    /** The exploded probe module {@code tcp.client.probe}. */
    Path probe() {
        return dir.resolve(PROBE_MODULE);
    }

    /** The exploded module of the never-available provider, with its services file. */
    Path unavailableProvider() {
        return dir.resolve(UNAVAILABLE_MODULE);
    }

    /** The compiled {@code HoldingServer} (unnamed package), for the class path. */
    Path holdingServer() {
        return dir.resolve("holder");
    }

    /** Where the API module was loaded from in this JVM. */
    static Path api() {
        return closure(ClientTCP.class).iterator().next();
    }

    /**
     * A provider of this JVM by name, available or not, found as the SDK finds it: {@link Transports}
     * describes transports without handing out the provider objects this needs to locate jars.
     */
    static TransportProvider provider(String name) {
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class, TransportProvider.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("transport " + name + " is not on this JVM's path; found " + allTransports());
    }

    /** The names of every provider this JVM finds, highest priority first. */
    static List<String> allTransports() {
        return Transports.available().stream().map(TransportInfo::name).toList();
    }

    /** Where the transport's own module (jar or folder) was loaded from. */
    static Path transportLocation(String name) {
        return location(provider(name).getClass());
    }

    /**
     * The transport's module and everything it needs but the JDK: the API and its libraries (the
     * Conscrypt uber jar, the Bouncy Castle jars).
     */
    static Set<Path> transportWithLibraries(String name) {
        return closure(provider(name).getClass());
    }

    /** The API, then the given transports with their libraries, then {@code extra}. */
    static List<Path> path(Collection<String> transports, Path... extra) {
        Set<Path> path = new LinkedHashSet<>();
        path.add(api());
        transports.forEach(t -> path.addAll(transportWithLibraries(t)));
        path.addAll(List.of(extra));
        return List.copyOf(path);
    }

    /**
     * Runs the probe on the module path ({@code -m tcp.client.probe/...}).
     *
     * @param modulePath the jars and exploded modules; the probe must be one of them
     * @param jvmOptions e.g. {@code -Dtcp.client.transport=bc}
     * @param args the probe's arguments
     */
    ProbeRun runOnModulePath(List<Path> modulePath, List<String> jvmOptions, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("--module-path", join(modulePath), "-m", PROBE_MODULE + "/" + PROBE_MAIN));
        command.addAll(args);
        return run(command);
    }

    /** Runs the probe with everything on the class path (no module path). */
    ProbeRun runOnClassPath(List<Path> classPath, List<String> jvmOptions, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-cp", join(classPath), PROBE_MAIN));
        command.addAll(args);
        return run(command);
    }

    /** The java launcher of this JVM. */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private ProbeRun run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        // A short-lived JVM on a 2-core CI machine: start fast, stay small.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
        command.addAll(arguments);
        Path output = dir.resolve("run-" + runs.incrementAndGet() + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (!exited) {
            fail("the probe JVM did not exit within " + RUN_LIMIT.toSeconds() + " s: " + command + "\n" + text);
        }
        return new ProbeRun(command, process.exitValue(), text);
    }

    /** What one probe JVM printed (see {@code Probe}'s javadoc for the lines). */
    record ProbeRun(List<String> command, int exitCode, String output) {
        /** Every {@code found=} line: transport name to the rest of the line. */
        Map<String, String> found() {
            Map<String, String> found = new LinkedHashMap<>();
            for (String line : lines()) {
                if (line.startsWith("found=")) {
                    String rest = line.substring("found=".length());
                    found.put(rest.substring(0, rest.indexOf('|')), rest);
                }
            }
            return found;
        }

        /** The attempts in order, each with its {@code key=value} lines. */
        List<Attempt> attempts() {
            List<Attempt> attempts = new ArrayList<>();
            Map<String, String> current = null;
            for (String line : lines()) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (key.equals("attempt")) {
                    current = new LinkedHashMap<>();
                    attempts.add(new Attempt(value, current));
                } else if (current != null) {
                    current.put(key, value);
                }
            }
            return attempts;
        }

        /** The one attempt of this selection. */
        Attempt attempt(String selection) {
            List<Attempt> matching = attempts().stream().filter(a -> a.selection().equals(selection)).toList();
            assertEquals(1, matching.size(), () -> "one attempt \"" + selection + "\" in\n" + this);
            return matching.get(0);
        }

        private List<String> lines() {
            return output.lines().map(String::trim).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " of " + String.join(" ", command) + "\n" + output;
        }
    }

    /** One selection's result: {@code transport}, {@code protocol}, {@code suite}, {@code echo} or {@code error}. */
    record Attempt(String selection, Map<String, String> values) {
        Optional<String> value(String key) {
            return Optional.ofNullable(values.get(key));
        }

        boolean echoed() {
            return "ok".equals(values.get("echo"));
        }

        String error() {
            return values.getOrDefault("error", "");
        }
    }

    private static Path sourceRoot() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path root = base.resolve("src/test/probe");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("probe sources not found at " + root.toAbsolutePath()
                    + " (the suite runs from the it-tests folder)");
        }
        return root;
    }

    private static List<String> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
    }

    private static void javac(List<String> options, List<String> files) {
        // java.util.spi.ToolProvider is javac's entry point from java.base, so this module needs
        // no "requires java.compiler".
        java.util.spi.ToolProvider javac = java.util.spi.ToolProvider.findFirst("javac")
                .orElseThrow(() -> new IllegalStateException("no javac in " + System.getProperty("java.home")
                        + ": the suite needs a JDK"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all"));
        args.addAll(options);
        args.addAll(files);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintWriter writer = new PrintWriter(messages, true, StandardCharsets.UTF_8);
        int status = javac.run(writer, writer, args.toArray(new String[0]));
        writer.flush();
        if (status != 0) {
            throw new IllegalStateException("javac " + args + " failed (" + status + "):\n"
                    + messages.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * The module of {@code anchor} and, transitively, the modules it requires, as file locations;
     * modules of the JDK itself are left out. On the class path: where {@code anchor} was loaded from.
     */
    private static Set<Path> closure(Class<?> anchor) {
        Module module = anchor.getModule();
        if (!module.isNamed() || module.getLayer() == null) {
            return Set.of(location(anchor));
        }
        Configuration configuration = module.getLayer().configuration();
        Set<Path> locations = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(module.getName()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            Optional<ResolvedModule> resolved = configuration.findModule(name);
            Optional<URI> uri = resolved.flatMap(r -> r.reference().location());
            if (uri.isEmpty() || !"file".equals(uri.get().getScheme())) {
                continue; // a JDK module (jrt:), or an optional module that is absent
            }
            locations.add(Path.of(uri.get()));
            for (ModuleDescriptor.Requires r : resolved.get().reference().descriptor().requires()) {
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
                    todo.push(r.name());
                }
            }
        }
        return locations;
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("where was " + type.getName() + " loaded from?", e);
        }
    }

    private static String join(List<Path> path) {
        return path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** Reads a file of a jar or an exploded folder, or empty if absent. */
    static Optional<String> readEntry(Path location, String entry) {
        try {
            if (Files.isDirectory(location)) {
                Path file = location.resolve(entry);
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                        : Optional.empty();
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                JarEntry found = jar.getJarEntry(entry);
                if (found == null) {
                    return Optional.empty();
                }
                try (var in = jar.getInputStream(found)) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry + " of " + location, e);
        }
    }
}
