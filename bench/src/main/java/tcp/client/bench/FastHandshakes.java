package tcp.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import tcp.client.api.ClientStats;
import tcp.client.api.ClientTCP;

/**
 * Handshakes against a {@link FastTlsServer}, one after another, each timed from before the
 * socket exists until the connect (TCP connect and TLS handshake) returns; then, untimed, a
 * request whose answer is read to the server's close (which takes in the session tickets, if the
 * server sent any) and the client's close. The SDK side's handshake part comes from its own
 * {@link ClientStats#handshakeNanos()}, the raw side's from timing {@code startHandshake()} apart
 * from {@code connect()}; the rest of each connect is "outside the handshake".
 */
final class FastHandshakes {
    private static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DRAIN_LIMIT = 1 << 20;

    /** A bound on any one read or handshake of the raw side: no loop waits for ever. */
    private static final int SO_TIMEOUT_MS = 30_000;

    private final Duration limit;
    private final Workloads watchdog;

    /** @param watchdog closes an SDK client whose untimed request-and-answer overruns its limit */
    FastHandshakes(Duration limit, Workloads watchdog) {
        this.limit = limit;
        this.watchdog = watchdog;
    }

    /**
     * One measurement: percentiles in microseconds.
     *
     * @param p50 the connect's median
     * @param p99 its 99th percentile
     * @param handshakeP50 the median of the handshake part alone
     * @param outsideP50 the median of the rest (socket, TCP connect, set-up, session info)
     * @param resumed how many of the timed handshakes resumed a session
     * @param samples how many were timed
     * @param resumedP50 the median of the resumed ones alone (NaN if none)
     */
    record Result(double p50, double p99, double handshakeP50, double outsideP50, int resumed, int samples,
                  double resumedP50) {
        double[] values() {
            return new double[] {p50, p99, handshakeP50, outsideP50, resumed, samples, resumedP50};
        }
    }

    /**
     * {@code count} SDK connects; {@code fresh}: a new {@code TlsConfig} per client (built before
     * the timer), so nothing can be resumed; otherwise the side's one shared config, primed by one
     * untimed connect first so that a server with tickets lets every timed one resume.
     */
    Result sdk(SdkSide side, InetSocketAddress server, int count, boolean fresh) throws IOException {
        long[] total = new long[count];
        long[] handshake = new long[count];
        long[] outside = new long[count];
        long[] resumedOnly = new long[count];
        int resumed = 0;
        int n = 0;
        long deadline = System.nanoTime() + limit.toNanos();
        if (!fresh) {
            finish(side.newClient(server, false));
        }
        while (n < count && System.nanoTime() < deadline) {
            ClientTCP client = side.newClient(server, fresh);
            long start = System.nanoTime();
            client.connect();
            long took = System.nanoTime() - start;
            ClientStats stats = client.stats();
            boolean wasResumed = client.tlsSession().orElseThrow().resumed();
            total[n] = took;
            handshake[n] = stats.handshakeNanos();
            outside[n] = took - stats.handshakeNanos();
            if (wasResumed) {
                resumedOnly[resumed++] = took;
            }
            n++;
            finish(client);
        }
        return result(total, handshake, outside, n, resumedOnly, resumed);
    }

    /**
     * {@code count} handshakes of Go's client (each timed from before its dial to the handshake's
     * end; no split, so the handshake part is the whole).
     */
    Result go(GoClient go, InetSocketAddress server, int count) throws IOException {
        long[] total = go.handshakes(server, count);
        return result(total, total, new long[total.length], total.length, new long[0], 0);
    }

    /** The untimed end of an SDK connection: the request, its answer to the end, the close. */
    @SuppressWarnings("try") // the guard is only closed, never referenced
    private void finish(ClientTCP client) throws IOException {
        try (client; java.io.Closeable guard = watchdog.guard(client)) {
            if (!client.isConnected()) {
                client.connect();
            }
            client.write(REQUEST, 0, REQUEST.length);
            byte[] scratch = new byte[4096];
            int read = 0;
            int r;
            while (read < DRAIN_LIMIT && (r = client.read(scratch, 0, scratch.length)) >= 0) {
                read += r;
            }
        } catch (IOException ending) {
            // How the server's close is seen (end of stream, a reset) is not measured.
        }
    }

    /** A raw side: one provider's SSLContext, shared or new per connection, counting verifications. */
    static final class Raw {
        private final Stack stack;
        private final Pki pki;
        private final AtomicLong verifications = new AtomicLong();
        private final SSLContext shared;

        Raw(Stack stack, Pki pki) throws GeneralSecurityException {
            this.stack = stack;
            this.pki = pki;
            this.shared = RawTls.newContext(stack, pki.root(), verifications);
        }

        SSLSocketFactory factory(boolean fresh) throws IOException {
            try {
                return RawTls.socketFactory(stack, fresh ? RawTls.newContext(stack, pki.root(), verifications) : shared);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot build a " + stack.label() + " context", e);
            }
        }
    }

    /** {@link #sdk}'s counterpart: the provider's own {@code SSLSocket}, as {@link RawSide} opens it. */
    Result raw(Raw raw, InetSocketAddress server, int count, boolean fresh) throws IOException {
        long[] total = new long[count];
        long[] handshake = new long[count];
        long[] outside = new long[count];
        long[] resumedOnly = new long[count];
        int resumed = 0;
        int n = 0;
        long deadline = System.nanoTime() + limit.toNanos();
        if (!fresh) {
            SSLSocket prime = open(raw.factory(false), server);
            finish(prime);
        }
        while (n < count && System.nanoTime() < deadline) {
            SSLSocketFactory factory = raw.factory(fresh);
            long checked = raw.verifications.get();
            long start = System.nanoTime();
            SSLSocket socket = (SSLSocket) factory.createSocket();
            long handshakeStart;
            try {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(SO_TIMEOUT_MS);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(Pki.SERVER_NAME)));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.connect(server);
                handshakeStart = System.nanoTime();
                socket.startHandshake();
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
            long end = System.nanoTime();
            total[n] = end - start;
            handshake[n] = end - handshakeStart;
            outside[n] = handshakeStart - start;
            if (raw.verifications.get() == checked) {
                resumedOnly[resumed++] = end - start;
            }
            n++;
            finish(socket);
        }
        return result(total, handshake, outside, n, resumedOnly, resumed);
    }

    private static SSLSocket open(SSLSocketFactory factory, InetSocketAddress server) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(SO_TIMEOUT_MS);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(Pki.SERVER_NAME)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.connect(server);
        socket.startHandshake();
        return socket;
    }

    private static void finish(SSLSocket socket) throws IOException {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] scratch = new byte[4096];
            int read = 0;
            int r;
            while (read < DRAIN_LIMIT && (r = in.read(scratch)) >= 0) {
                read += r;
            }
        } catch (IOException ending) {
            // How the server's close is seen is not measured.
        }
    }

    private static Result result(long[] total, long[] handshake, long[] outside, int n, long[] resumedOnly,
                                 int resumed) {
        if (n == 0) {
            throw new IllegalStateException("no handshake within the time limit");
        }
        return new Result(Stats.percentile(total, n, 50) / 1e3, Stats.percentile(total, n, 99) / 1e3,
                Stats.percentile(handshake, n, 50) / 1e3, Stats.percentile(outside, n, 50) / 1e3, resumed, n,
                resumed == 0 ? Double.NaN : Stats.percentile(Arrays.copyOf(resumedOnly, resumed), resumed, 50) / 1e3);
    }
}
