package tcp.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code tcpc --version}: the CLI's version (from the build) and the Java that runs it. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "tcpc " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tcpc's version.properties", e);
        }
        return p.getProperty("version", "(unknown version)");
    }
}
