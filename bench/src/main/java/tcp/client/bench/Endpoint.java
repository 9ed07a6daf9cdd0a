package tcp.client.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;

/**
 * One connected client, SDK or raw, reduced to what the workloads call. Both sides go through this
 * interface, so both pay the same call.
 */
interface Endpoint extends Closeable {
    /** Writes all of {@code b[off..off+len)}. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Reads at least one byte; -1 at the end of the stream. */
    int read(byte[] b, int off, int len) throws IOException;

    /** The negotiated protocol and cipher suite, e.g. {@code "TLSv1.3 TLS_AES_128_GCM_SHA256"}. */
    Optional<String> tls();

    /**
     * Reads exactly {@code len} bytes.
     *
     * @throws EOFException if the stream ends first
     */
    default void readFully(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = read(b, off + done, len - done);
            if (n < 0) {
                throw new EOFException("stream ended after " + done + " of " + len + " bytes");
            }
            done += n;
        }
    }

    /** Reads and drops everything until the peer closes, at most {@code limit} bytes. */
    default void drain(int limit) throws IOException {
        byte[] scratch = new byte[1024];
        int total = 0;
        while (total < limit) {
            int n = read(scratch, 0, scratch.length);
            if (n < 0) {
                return;
            }
            total += n;
        }
    }
}
