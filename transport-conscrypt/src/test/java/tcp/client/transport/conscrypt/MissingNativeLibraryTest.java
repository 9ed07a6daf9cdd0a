package tcp.client.transport.conscrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.api.ClientTCP;

/**
 * Where Conscrypt's native library cannot load, the transport says why and selection passes over
 * it. Runs {@link MissingNativeLibraryMain} in a JVM of its own, on the class path, with a copy of
 * the Conscrypt jar stripped of its native libraries.
 */
@Timeout(30)
class MissingNativeLibraryTest {

    @Test
    void unloadableNativeLibraryIsReportedAndPassedOver(@TempDir Path dir) throws Exception {
        Path stripped = withoutNativeLibraries(location(Conscrypt.class), dir.resolve("conscrypt-no-native.jar"));
        String classPath = String.join(File.pathSeparator,
                classesRoot(MissingNativeLibraryMain.class).toString(),
                classesRoot(ConscryptTransportProvider.class).toString(),
                location(ClientTCP.class).toString(),
                stripped.toString());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", classPath, MissingNativeLibraryMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "child JVM did not end");
        String diagnostics = out + "\nstderr:\n" + Files.readString(stderr);
        assertEquals(0, process.exitValue(), diagnostics);

        assertTrue(out.contains("provider conscrypt reason java.lang.UnsatisfiedLinkError"), diagnostics);
        assertTrue(out.contains("same reason twice true"), diagnostics);
        assertTrue(lineStartingWith(out, "by name: ").contains("UnsatisfiedLinkError"), diagnostics);
        assertTrue(lineStartingWith(out, "by default: ").contains("conscrypt"), diagnostics);
        assertEquals("create: java.lang.IllegalStateException cause java.lang.UnsatisfiedLinkError",
                lineStartingWith(out, "create: "), diagnostics);
    }

    private static String lineStartingWith(String text, String prefix) {
        for (String line : text.split("\\R")) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with \"" + prefix + "\" in:\n" + text);
    }

    /** Copies a jar without its native libraries and signature files. */
    private static Path withoutNativeLibraries(Path jar, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String name = e.getName();
                if (name.startsWith("META-INF/native/")
                        || name.startsWith("META-INF/") && List.of(".SF", ".RSA", ".DSA", ".EC").stream().anyMatch(name::endsWith)) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(name));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return target;
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The directory or jar a class was loaded from, found through its own class file. */
    private static Path classesRoot(Class<?> c) throws URISyntaxException {
        String file = c.getName().replace('.', '/') + ".class";
        URL url = c.getResource("/" + file);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("cannot locate " + file + ": " + url);
        }
        Path path = Path.of(url.toURI());
        for (int i = 0; i < file.split("/").length; i++) {
            path = path.getParent();
        }
        return path;
    }
}
