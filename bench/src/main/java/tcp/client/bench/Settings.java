package tcp.client.bench;

import java.time.Duration;

/**
 * How much each metric does per round, and how many rounds.
 *
 * @param quick whether these are the {@code --quick} amounts
 * @param rounds measured rounds per metric (after one warm-up round)
 * @param throughputBytes bytes sent one way per throughput measurement, in 64 KiB writes
 * @param throughput1kBytes bytes sent per {@code throughput_1k} measurement, in 1 KiB writes
 * @param echoCount round trips measured per echo measurement
 * @param echoWarmup round trips before them on the same connection, not recorded
 * @param connectCount TCP connects per connect measurement
 * @param handshakeCount full handshakes per handshake measurement
 * @param heapRounds rounds of the heap measurement
 * @param heapPlainClients idle plain clients per heap measurement
 * @param heapTlsClients idle TLS clients per heap measurement
 * @param limit the time after which any one measurement stops early (and says so)
 */
record Settings(boolean quick, int rounds, long throughputBytes, long throughput1kBytes, int echoCount,
                int echoWarmup, int connectCount, int handshakeCount, int heapRounds, int heapPlainClients,
                int heapTlsClients, Duration limit) {
    static final int LARGE_WRITE = 64 * 1024;
    static final int SMALL_WRITE = 1024;
    static final int ECHO_SIZE = 64;
    private static final long MIB = 1024 * 1024;

    /** {@code --quick}: all four providers and all metrics in a few minutes on 2 cores. */
    static Settings quickRun() {
        return new Settings(true, 7, 256 * MIB, 32 * MIB, 15_000, 5_000, 400, 100, 3, 2_000, 500,
                Duration.ofSeconds(60));
    }

    /** The full run: 1 GiB per throughput measurement, more rounds and samples. */
    static Settings fullRun() {
        return new Settings(false, 11, 1024 * MIB, 128 * MIB, 40_000, 10_000, 1_000, 200, 5, 2_000, 500,
                Duration.ofSeconds(120));
    }

    /** These settings with another round count. */
    Settings withRounds(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + n);
        }
        return new Settings(quick, n, throughputBytes, throughput1kBytes, echoCount, echoWarmup, connectCount,
                handshakeCount, heapRounds, heapPlainClients, heapTlsClients, limit);
    }

    /** One line for the report. */
    String describe() {
        return (quick ? "quick" : "full") + ": " + rounds + " rounds after a warm-up round; throughput "
                + throughputBytes / MIB + " MiB in 64 KiB writes, throughput_1k " + throughput1kBytes / MIB
                + " MiB in 1 KiB writes; " + echoCount + " echo round trips (+" + echoWarmup + " warm-up); "
                + connectCount + " connects; " + handshakeCount + " full handshakes; heap: " + heapPlainClients
                + " plain / " + heapTlsClients + " TLS idle clients x " + heapRounds + " rounds";
    }
}
