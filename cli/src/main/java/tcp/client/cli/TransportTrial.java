package tcp.client.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;

/**
 * Puts one transport through the demo's steps against {@link DemoServers}: a plain echo, a
 * refused wrong server name, timed TLS connects with the server's certificate checked, small
 * echo round trips, then a bulk echo of checked data with a progress bar.
 *
 * <p>Every wait is bounded: connects by {@link #CONNECT}, reads by {@link #READ}.
 */
final class TransportTrial {
    static final Duration CONNECT = Duration.ofSeconds(10);
    static final Duration READ = Duration.ofSeconds(15);
    static final int HANDSHAKES = 5;
    static final String WRONG_NAME = "wrong.example";

    private static final int CHUNK = 64 * 1024;
    private static final int MESSAGE = 64;
    /** Not a power of two, so that the data's period never lines up with the chunks. */
    private static final byte[] PATTERN = pattern(CHUNK * 4 + 7);

    private final String transport;
    private final DemoServers servers;
    private final TlsConfig tls;
    private final long bulkBytes;
    private final int roundTrips;
    private final Stdio io;

    private String protocol;
    private String cipherSuite;
    private Duration handshake;
    private Duration echoP50;
    private Double mibPerSecond;

    TransportTrial(String transport, DemoServers servers, long bulkBytes, int roundTrips, Stdio io) {
        this.transport = transport;
        this.servers = servers;
        this.tls = servers.clientTls();
        this.bulkBytes = bulkBytes;
        this.roundTrips = roundTrips;
        this.io = io;
    }

    /** Runs every step, stopping at the first that fails. Used once. */
    TrialResult run() {
        String step = "plain echo";
        try {
            plainEcho();
            step = "verification";
            refusesWrongName();
            step = "TLS connect";
            try (ClientTCP client = timedHandshakes()) {
                step = "round trips";
                roundTrips(client);
                step = "bulk echo";
                bulkEcho(client);
            }
            return result(null);
        } catch (IOException | RuntimeException e) {
            return result(step + ": " + FailureMessages.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(step + ": interrupted");
        }
    }

    private TrialResult result(String failure) {
        return new TrialResult(transport, Optional.ofNullable(protocol), Optional.ofNullable(cipherSuite),
                Optional.ofNullable(handshake), Optional.ofNullable(echoP50), Optional.ofNullable(mibPerSecond),
                Optional.ofNullable(failure));
    }

    private ClientTCP client(String address) {
        return ClientTCP.builder(address).transport(transport).connectTimeout(CONNECT).readTimeout(READ).build();
    }

    private ClientTCP tlsClient(String serverName) {
        return ClientTCP.builder(servers.tlsAddress()).transport(transport)
                .connectTimeout(CONNECT).readTimeout(READ).tls(tls, serverName).build();
    }

    private void plainEcho() throws IOException {
        try (ClientTCP client = client(servers.plainAddress())) {
            client.connect();
            byte[] hello = ("hello from " + transport + "\n").getBytes(StandardCharsets.US_ASCII);
            client.write(hello);
            byte[] back = readExactly(client.inputStream(), hello.length);
            if (!Arrays.equals(hello, back)) {
                throw new IOException("the plain echo came back different");
            }
        }
    }

    /** The server's certificate names localhost: a client that expects another name must refuse it. */
    private void refusesWrongName() throws IOException {
        try (ClientTCP client = tlsClient(WRONG_NAME)) {
            try {
                client.connect();
            } catch (SSLException expected) {
                String why = FailureMessages.describe(expected);
                if (!why.contains("\"" + WRONG_NAME + "\"")) {
                    throw new IOException("refused \"" + WRONG_NAME + "\", but not for its name: " + why, expected);
                }
                return;
            }
            throw new IOException("accepted the certificate for " + DemoServers.SERVER_NAME
                    + " as \"" + WRONG_NAME + "\"");
        }
    }

    /** Fresh clients connect {@link #HANDSHAKES} times; the last connection stays open. */
    private ClientTCP timedHandshakes() throws IOException {
        long[] nanos = new long[HANDSHAKES];
        ClientTCP last = null;
        try {
            for (int i = 0; i < HANDSHAKES; i++) {
                if (last != null) {
                    last.close();
                }
                last = tlsClient(DemoServers.SERVER_NAME);
                long start = System.nanoTime();
                last.connect();
                nanos[i] = System.nanoTime() - start;
            }
            TlsSessionInfo session = last.tlsSession()
                    .orElseThrow(() -> new IOException("no TLS session after a TLS connect"));
            List<X509Certificate> chain = session.peerCertificates();
            if (chain.isEmpty() || !chain.get(0).equals(servers.certificate())) {
                throw new IOException("the server's certificate is not the one the demo issued");
            }
            protocol = session.protocol();
            cipherSuite = session.cipherSuite();
            handshake = Duration.ofNanos(median(nanos));
            return last;
        } catch (IOException | RuntimeException e) {
            if (last != null) {
                try {
                    last.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private void roundTrips(ClientTCP client) throws IOException {
        InputStream in = client.inputStream();
        byte[] message = Arrays.copyOf(PATTERN, MESSAGE);
        long[] nanos = new long[roundTrips];
        for (int i = 0; i < roundTrips; i++) {
            message[0] = (byte) i;
            long start = System.nanoTime();
            client.write(message);
            byte[] back = readExactly(in, MESSAGE);
            nanos[i] = System.nanoTime() - start;
            if (!Arrays.equals(message, back)) {
                throw new IOException("round trip " + (i + 1) + " came back different");
            }
        }
        echoP50 = Duration.ofNanos(median(nanos));
    }

    /**
     * Echoes {@link #bulkBytes} through the connection: a writer thread sends while this thread
     * reads and checks every byte, so neither side's buffers fill up.
     */
    private void bulkEcho(ClientTCP client) throws IOException, InterruptedException {
        AtomicReference<Exception> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (long sent = 0; sent < bulkBytes; ) {
                    int offset = (int) (sent % PATTERN.length);
                    int length = (int) Math.min(CHUNK, Math.min(PATTERN.length - offset, bulkBytes - sent));
                    client.write(PATTERN, offset, length);
                    sent += length;
                }
            } catch (IOException | RuntimeException e) {
                writeFailure.set(e);
                try {
                    client.close(); // unblocks the reader, which reports this failure
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
        }, "tcpc-demo-writer-" + transport);
        writer.setDaemon(true);
        long start = System.nanoTime();
        writer.start();
        byte[] buffer = new byte[CHUNK];
        long received = 0;
        long steadyFrom = bulkBytes / 4;
        long steadyStart = 0;
        long steadyReceived = 0;
        try (ProgressBar bar = ProgressBar.start(io, transport, bulkBytes)) {
            while (received < bulkBytes) {
                int n = client.read(buffer, 0, (int) Math.min(buffer.length, bulkBytes - received));
                if (n < 0) {
                    throw new EOFException("the server closed after " + received + " of " + bulkBytes + " bytes");
                }
                check(buffer, n, received);
                if (received < steadyFrom && received + n >= steadyFrom) {
                    steadyStart = System.nanoTime();
                    steadyReceived = received + n;
                }
                received += n;
                bar.update(received);
            }
        } catch (IOException e) {
            Exception first = writeFailure.get();
            if (first != null) {
                throw new IOException("writing failed: " + FailureMessages.describe(first), first);
            }
            throw e;
        }
        long end = System.nanoTime();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        if (writer.isAlive()) {
            throw new IOException("the writer did not finish after every byte came back");
        }
        Exception failed = writeFailure.get();
        if (failed != null) {
            throw new IOException("writing failed: " + FailureMessages.describe(failed), failed);
        }
        // The first quarter warms up the JIT on both ends; the rate is that of the rest.
        boolean steady = steadyStart > 0 && steadyReceived < bulkBytes;
        long bytes = steady ? bulkBytes - steadyReceived : bulkBytes;
        long nanos = Math.max(1, end - (steady ? steadyStart : start));
        mibPerSecond = bytes / 1048576.0 / (nanos / 1e9);
    }

    private static void check(byte[] buffer, int n, long position) throws IOException {
        for (int done = 0; done < n; ) {
            int offset = (int) ((position + done) % PATTERN.length);
            int length = Math.min(n - done, PATTERN.length - offset);
            int mismatch = Arrays.mismatch(buffer, done, done + length, PATTERN, offset, offset + length);
            if (mismatch >= 0) {
                throw new IOException("the echoed data differs at byte " + (position + done + mismatch));
            }
            done += length;
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the server closed after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        new Random(20240601L).nextBytes(bytes);
        return bytes;
    }
}
