package tcp.client.api;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;

@Timeout(30)
class ReloadableKeyPairTest {
    @TempDir
    Path dir;

    private Identity first() {
        return TestPki.shared().client();
    }

    private Identity second() {
        return TestPki.shared().leaf("rotated-client").forClient().issue();
    }

    @Test
    void readsThePairAtOnceAndReloadsTheNewOne() throws IOException {
        Path key = dir.resolve("client.key");
        Path chain = dir.resolve("client.pem");
        Files.writeString(key, first().privateKeyPkcs8Pem(), US_ASCII);
        Files.writeString(chain, first().chainPem(), US_ASCII);
        ReloadableKeyPair pair = ReloadableKeyPair.ofFiles(key, chain);
        assertEquals(first().chain(), pair.certificateChain());
        TlsConfig config = TlsConfig.builder().certificatePair(pair).build();
        assertEquals(first().privateKey(), config.privateKey().orElseThrow());

        Identity rotated = second();
        Files.writeString(key, rotated.privateKeySec1Pem(), US_ASCII);
        Files.writeString(chain, rotated.chainPem(), US_ASCII);
        pair.reload();
        assertEquals(rotated.chain(), pair.certificateChain());
        assertEquals(rotated.chain(), config.certificateChain(), "the config reads the current pair");
        assertEquals(rotated.privateKey(), config.privateKey().orElseThrow());
        assertTrue(pair.toString().contains("rotated-client"), pair::toString);
    }

    @Test
    void aFailedReloadThrowsAndKeepsTheCurrentPair() throws IOException {
        Path key = dir.resolve("client.key");
        Path chain = dir.resolve("client.pem");
        Files.writeString(key, first().privateKeyPkcs8Pem(), US_ASCII);
        Files.writeString(chain, first().chainPem(), US_ASCII);
        ReloadableKeyPair pair = ReloadableKeyPair.ofFiles(key, chain);

        Files.writeString(key, second().privateKeyPkcs8Pem(), US_ASCII); // the chain is still the first's
        IOException mismatch = assertThrows(IOException.class, pair::reload);
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch::getMessage);
        assertEquals(first().chain(), pair.certificateChain());

        Files.writeString(key, "not a key", US_ASCII);
        IOException garbage = assertThrows(IOException.class, pair::reload);
        assertTrue(garbage.getMessage().startsWith("private key file " + key), garbage::getMessage);
        assertEquals(first().chain(), pair.certificateChain());

        Files.delete(chain);
        IOException missing = assertThrows(IOException.class, pair::reload);
        assertTrue(missing.getMessage().startsWith("cannot read certificate chain file " + chain), missing::getMessage);
        assertEquals(first().chain(), pair.certificateChain());
    }

    @Test
    void badFilesFailAtOnce() throws IOException {
        Path key = dir.resolve("client.key");
        Path chain = dir.resolve("client.pem");
        Files.writeString(key, first().privateKeyPkcs8Pem(), US_ASCII);
        Files.writeString(chain, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", US_ASCII);
        IOException e = assertThrows(IOException.class, () -> ReloadableKeyPair.ofFiles(key, chain));
        assertTrue(e.getMessage().startsWith("certificate chain file " + chain), e::getMessage);
        assertThrows(IOException.class, () -> ReloadableKeyPair.ofFiles(dir.resolve("absent.key"), chain));
        assertThrows(NullPointerException.class, () -> ReloadableKeyPair.ofFiles(null, chain));
        assertThrows(NullPointerException.class, () -> TlsConfig.builder().certificatePair(null));
    }

    @Test
    void otherKeyMaterialReplacesThePairAndTheOtherWayRound() throws IOException {
        Identity id = first();
        Identity.FileSet files = id.writeFiles(dir);
        ReloadableKeyPair pair = ReloadableKeyPair.ofFiles(files.privateKey(), files.chain());
        Identity other = second();
        TlsConfig replaced = TlsConfig.builder().certificatePair(pair)
                .certificatePairPem(other.privateKeyPkcs8Pem(), other.chainPem()).build();
        assertTrue(replaced.reloadableKeyPair().isEmpty());
        assertEquals(other.chain(), replaced.certificateChain());
        TlsConfig reloadable = TlsConfig.builder().certificatePairPem(other.privateKeyPkcs8Pem(), other.chainPem())
                .certificatePair(pair).build();
        assertEquals(pair, reloadable.reloadableKeyPair().orElseThrow());
        assertEquals(id.chain(), reloadable.certificateChain());
    }
}
