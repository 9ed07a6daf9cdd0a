package tcp.client.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JDK's {@code keytool} to make certificates with a tool this project did not write, to
 * cross-check code that reads certificates against {@link TestPki}'s own builders.
 *
 * <p>Stateless and thread-safe; each call starts one {@code keytool} process of the running JDK
 * ({@code java.home/bin/keytool}).
 */
public final class Keytool {

    /** How long {@link #genkeypair(Path, String, String...)} waits for keytool, in seconds. */
    public static final int TIMEOUT_SECONDS = 8;

    /** The password of the key stores written by {@link #genkeypair(Path, String, String...)}. */
    public static final String PASSWORD = "changeit";

    private Keytool() {
    }

    /**
     * Runs {@code keytool -genkeypair -noprompt -validity 2} into the PKCS#12 store
     * {@code dir/alias.p12} (password {@link #PASSWORD}) and returns the self-signed certificate it
     * made. {@code args} give the rest, for example
     * {@code "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost"}.
     * Keytool's output goes to {@code dir/alias-keytool.log}.
     *
     * @param dir an existing directory, e.g. a JUnit {@code @TempDir}
     * @param alias the key alias, also the store's file name
     * @param args further keytool options
     * @return the certificate
     * @throws IOException if keytool cannot start, fails (the message holds its output) or takes
     *     longer than {@link #TIMEOUT_SECONDS}, or the store cannot be read
     * @throws InterruptedException if interrupted while waiting for keytool; the process is killed
     */
    public static X509Certificate genkeypair(Path dir, String alias, String... args)
            throws IOException, InterruptedException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(alias, "alias");
        Path store = dir.resolve(alias + ".p12");
        Path log = dir.resolve(alias + "-keytool.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-noprompt", "-alias", alias, "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD,
                "-validity", "2"));
        for (String arg : args) {
            command.add(Objects.requireNonNull(arg, "arg"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("keytool did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed with exit code " + process.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            Certificate certificate = keys.getCertificate(alias);
            if (!(certificate instanceof X509Certificate)) {
                throw new IOException("keytool wrote no X.509 certificate under \"" + alias + "\" in " + store);
            }
            return (X509Certificate) certificate;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + store, e);
        }
    }
}
