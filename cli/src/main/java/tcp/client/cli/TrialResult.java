package tcp.client.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What the demo measured for one transport; a failed trial keeps what it had measured before the
 * failing step.
 *
 * @param transport the transport's name
 * @param protocol the negotiated TLS version, or empty
 * @param cipherSuite the negotiated suite, or empty
 * @param handshake the median time of a TLS connect (TCP and handshake), or empty
 * @param echoP50 the median time of a small echo round trip, or empty
 * @param mibPerSecond the bulk echo's rate in MiB/s, or empty
 * @param failure the failed step and why, or empty when every step passed
 */
record TrialResult(String transport,
                   Optional<String> protocol,
                   Optional<String> cipherSuite,
                   Optional<Duration> handshake,
                   Optional<Duration> echoP50,
                   Optional<Double> mibPerSecond,
                   Optional<String> failure) {

    boolean passed() {
        return failure.isEmpty();
    }

    String[] cells() {
        return new String[] {
            transport,
            protocol.orElse("-"),
            cipherSuite.orElse("-"),
            handshake.map(TrialResult::millis).orElse("-"),
            echoP50.map(TrialResult::micros).orElse("-"),
            mibPerSecond.map(r -> String.format(Locale.ROOT, "%.0f MiB/s", r)).orElse("-"),
            passed() ? "ok" : "FAILED",
        };
    }

    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    static String micros(Duration d) {
        return d.toNanos() < 1_000_000
                ? String.format(Locale.ROOT, "%d us", d.toNanos() / 1_000)
                : String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }
}
