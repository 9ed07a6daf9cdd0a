package tcp.client.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The BOM lists every module the build deploys, at the build's version: a module added to the
 * build and published without its BOM entry fails here.
 */
@Timeout(10)
class BomTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void bomManagesEveryDeployedModuleAtTheParentsVersion() throws IOException {
        String parent = read(ROOT.resolve("pom.xml"));
        String bom = read(ROOT.resolve("bom/pom.xml"));
        assertEquals(first(parent, "version"), first(bom, "version"), "the BOM's version is the parent's");

        String managed = bom.substring(bom.indexOf("<dependencyManagement>"));
        List<String> deployed = new ArrayList<>();
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (modules.find()) {
            String pom = read(ROOT.resolve(modules.group(1)).resolve("pom.xml"));
            String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
            String artifactId = first(afterParent, "artifactId");
            boolean skipped = pom.contains("<maven.deploy.skip>true</maven.deploy.skip>");
            if (!skipped && !artifactId.equals("tcp-client-bom")) {
                deployed.add(artifactId);
                assertTrue(managed.contains("<artifactId>" + artifactId + "</artifactId>"),
                        artifactId + " is deployed but not in bom/pom.xml");
            }
        }
        assertTrue(deployed.containsAll(List.of("tcp-client-api", "tcp-client-transport-jdk",
                "tcp-client-transport-conscrypt", "tcp-client-transport-bc", "tcp-client-framing",
                "tcp-client-pool", "tcp-client-testkit")), deployed.toString());
        assertTrue(managed.contains("<artifactId>tcp-client-micrometer</artifactId>"), "the optional micrometer module");
    }

    private static String read(Path file) throws IOException {
        // Comments may name elements; they are not part of the model.
        return Files.readString(file, StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
    }

    private static String first(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(xml);
        assertTrue(m.find(), "no <" + element + ">");
        return m.group(1).trim();
    }
}
