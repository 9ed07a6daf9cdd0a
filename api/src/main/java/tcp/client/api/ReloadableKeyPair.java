package tcp.client.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import tcp.client.api.internal.KeyPairState;
import tcp.client.api.internal.PemReader;

/**
 * A client key pair read from two PEM files that can be read again while clients use it, for
 * certificate rotation without a restart:
 *
 * <pre>{@code
 * ReloadableKeyPair pair = ReloadableKeyPair.ofFiles(Path.of("client.key"), Path.of("client.pem"));
 * TlsConfig tls = TlsConfig.builder().rootCaFile(Path.of("ca.pem")).certificatePair(pair).build();
 * ...
 * pair.reload();   // after the files were replaced: the next handshakes present the new certificate
 * }</pre>
 *
 * <p>Each handshake uses the pair current when the server asks for a certificate; a handshake
 * under way when {@link #reload()} runs finishes with the pair it chose. A session established
 * with one pair is never resumed after a reload, so a server always sees the certificate current
 * at the handshake. The key may be PKCS#8, SEC1 or PKCS#1, unencrypted; the chain file holds the
 * leaf first. The roots stay as configured: reloading trust anchors means building a new
 * {@link TlsConfig}. Thread-safe.
 */
public final class ReloadableKeyPair {
    static {
        KeyPairState.attach(pair -> pair.state);
    }

    private final Path keyFile;
    private final Path chainFile;
    private final KeyPairState state;

    private ReloadableKeyPair(Path keyFile, Path chainFile, Loaded first) {
        this.keyFile = keyFile;
        this.chainFile = chainFile;
        this.state = new KeyPairState(first.key, first.chain);
    }

    /**
     * Reads the pair now.
     *
     * @param key the PEM private key file
     * @param chain the PEM certificate chain file, leaf first
     * @throws IOException if a file cannot be read or does not hold a valid, matching key and
     *     chain; the message names the file and what is wrong
     */
    public static ReloadableKeyPair ofFiles(Path key, Path chain) throws IOException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        return new ReloadableKeyPair(key, chain, load(key, chain));
    }

    /**
     * Reads both files again and makes what they hold the pair of new handshakes.
     *
     * @throws IOException if a file cannot be read or does not hold a valid, matching key and
     *     chain; the current pair is then kept and goes on being used
     */
    public void reload() throws IOException {
        Loaded fresh = load(keyFile, chainFile);
        state.replace(fresh.key, fresh.chain);
    }

    /** The current pair's certificate chain, leaf first. */
    public List<X509Certificate> certificateChain() {
        return state.current().chain();
    }

    /** The current pair's private key. */
    PrivateKey privateKey() {
        return state.current().key();
    }

    @Override
    public String toString() {
        return "ReloadableKeyPair[" + keyFile + ", " + chainFile + ", "
                + state.current().chain().get(0).getSubjectX500Principal().getName() + "]";
    }

    private record Loaded(PrivateKey key, List<X509Certificate> chain) {
    }

    private static Loaded load(Path keyFile, Path chainFile) throws IOException {
        String keyPem = read(keyFile, "private key file");
        String chainPem = read(chainFile, "certificate chain file");
        PrivateKey key;
        try {
            key = PemReader.privateKey(keyPem);
        } catch (IllegalArgumentException e) {
            throw new IOException("private key file " + keyFile + ": " + e.getMessage(), e);
        }
        List<X509Certificate> chain;
        try {
            chain = PemReader.certificates(chainPem);
        } catch (IllegalArgumentException e) {
            throw new IOException("certificate chain file " + chainFile + ": " + e.getMessage(), e);
        }
        try {
            PemReader.checkKeyMatchesCertificate(key, chain.get(0));
        } catch (IllegalArgumentException e) {
            throw new IOException("private key file " + keyFile + " does not match certificate chain file "
                    + chainFile + ": " + e.getMessage(), e);
        }
        return new Loaded(key, List.copyOf(chain));
    }

    private static String read(Path file, String what) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IOException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
