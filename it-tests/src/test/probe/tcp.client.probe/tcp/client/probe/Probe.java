package tcp.client.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.Transports;
import tcp.client.api.TransportInfo;

/**
 * Lists the transports this JVM finds, then for each selection does one verified TLS echo round
 * trip and prints what it got, one {@code key=value} line at a time:
 *
 * <pre>
 * found=jdk|100|available
 * found=probe-unavailable|1000000|unavailable|java.lang.UnsupportedOperationException: ...
 * attempt=default
 * transport=jdk
 * protocol=TLSv1.3
 * suite=TLS_AES_128_GCM_SHA256
 * echo=ok
 * attempt=bc
 * error=tcp.client.api.NoTransportException: transport "bc" ...
 * </pre>
 *
 * <p>Usage: {@code Probe HOST:PORT CA_PEM_FILE [SELECTION...]}, where a selection is
 * {@code default} (no name: the system property, else priority) or a transport name given to the
 * builder; without selections, {@code default}. The server name checked is {@code localhost}.
 * Exit status 0 when every attempt echoed, 1 when one failed, 2 on bad usage.
 */
public final class Probe {
    private static final Duration CONNECT = Duration.ofSeconds(20);

    private Probe() {
    }

    /**
     * Runs the probe.
     *
     * @param args {@code HOST:PORT CA_PEM_FILE [SELECTION...]}
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        if (args.length < 2) {
            out.println("error=usage: Probe HOST:PORT CA_PEM_FILE [default|NAME]...");
            System.exit(2);
        }
        String address = args[0];
        Path caPem = Path.of(args[1]);
        List<String> selections = args.length == 2 ? List.of("default") : Arrays.asList(args).subList(2, args.length);
        try {
            for (TransportInfo p : Transports.available()) {
                Optional<Throwable> reason = p.unavailableReason();
                out.println("found=" + p.name() + "|" + p.priority() + "|"
                        + reason.map(r -> "unavailable|" + oneLine(r)).orElse("available"));
            }
        } catch (RuntimeException | Error e) {
            out.println("error=" + oneLine(e));
            out.flush();
            System.exit(1);
        }
        boolean allEchoed = true;
        for (String selection : selections) {
            out.println("attempt=" + selection);
            try {
                roundTrip(out, address, caPem, selection);
                out.println("echo=ok");
            } catch (Exception | Error e) {
                allEchoed = false;
                out.println("error=" + oneLine(e));
            }
        }
        out.flush();
        System.exit(allEchoed ? 0 : 1);
    }

    private static void roundTrip(PrintStream out, String address, Path caPem, String selection) throws IOException {
        TlsConfig tls = TlsConfig.builder().rootCaFile(caPem).build();
        ClientTCP.Builder builder = ClientTCP.builder(address).tls(tls, "localhost").connectTimeout(CONNECT);
        if (!"default".equals(selection)) {
            builder.transport(selection);
        }
        try (ClientTCP client = builder.build()) {
            out.println("transport=" + client.transport());
            client.connect();
            byte[] sent = ("probe " + selection + " " + System.nanoTime() + "\n").getBytes(StandardCharsets.US_ASCII);
            client.write(sent);
            byte[] received = new byte[sent.length];
            int total = 0;
            while (total < received.length) {
                int n = client.read(received, total, received.length - total);
                if (n < 0) {
                    throw new IOException("end of stream after " + total + " of " + sent.length + " echoed bytes");
                }
                total += n;
            }
            if (!Arrays.equals(sent, received)) {
                throw new IOException("echo differs: sent " + Arrays.toString(sent) + ", got " + Arrays.toString(received));
            }
            TlsSessionInfo session = client.tlsSession()
                    .orElseThrow(() -> new IOException("connected over TLS but tlsSession() is empty"));
            out.println("protocol=" + session.protocol());
            out.println("suite=" + session.cipherSuite());
            out.println("peers=" + session.peerCertificates().size());
        }
    }

    /** The exception's class, message, causes and suppressed exceptions on one line. */
    private static String oneLine(Throwable t) {
        StringBuilder text = new StringBuilder(String.valueOf(t));
        for (Throwable s : t.getSuppressed()) {
            text.append(" [suppressed: ").append(s).append(']');
        }
        Throwable c = t.getCause();
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) {
            text.append(" [cause: ").append(c).append(']');
        }
        return text.toString().replace('\r', ' ').replace('\n', ' ');
    }
}
