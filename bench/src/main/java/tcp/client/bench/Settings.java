package tcp.client.bench;

import java.time.Duration;

/**
 * How much each metric does per measurement, and how many interleaved rounds of measurements.
 *
 * <p>Many short rounds rather than a few long ones: on a shared machine, noise comes in bursts of
 * seconds, and a burst then hits the SDK and the raw side alike instead of deciding a median.
 *
 * @param quick whether these are the {@code --quick} amounts
 * @param throughputRounds rounds of {@code throughput} and {@code throughput_1k}
 * @param throughputBytes bytes sent one way per throughput measurement, in 64 KiB writes
 * @param throughput1kBytes bytes sent per {@code throughput_1k} measurement, in 1 KiB writes
 * @param echoRounds rounds of the echo latencies
 * @param echoCount round trips measured per echo measurement, on a new connection
 * @param echoWarmup round trips before them on the same connection, not recorded
 * @param connectRounds rounds of {@code connect_latency}
 * @param connectCount TCP connects per connect measurement
 * @param handshakeRounds rounds of {@code handshake_latency}
 * @param handshakeCount full handshakes per handshake measurement
 * @param heapRounds rounds of the heap measurement
 * @param heapPlainClients idle plain clients per heap measurement
 * @param heapTlsClients idle TLS clients per heap measurement
 * @param prefixedBytes payload bytes per {@code length_prefixed_throughput} measurement (16 KiB
 *     frames); the 256-byte-frame row reads half of it
 * @param poolSamples timed borrow-and-return pairs per {@code pool_borrow_return} measurement
 *     (rounds: {@code echoRounds})
 * @param poolRoundTrips echo round trips per {@code pool_32_threads_throughput} measurement, split
 *     evenly over the threads (rounds: {@code throughputRounds})
 * @param limit the time after which any one measurement stops early (and says so)
 */
record Settings(boolean quick, int throughputRounds, long throughputBytes, long throughput1kBytes,
                int echoRounds, int echoCount, int echoWarmup, int connectRounds, int connectCount,
                int handshakeRounds, int handshakeCount, int heapRounds, int heapPlainClients, int heapTlsClients,
                long prefixedBytes, int poolSamples, int poolRoundTrips, Duration limit) {
    static final int LARGE_WRITE = 64 * 1024;
    static final int SMALL_WRITE = 1024;
    static final int ECHO_SIZE = 64;
    private static final long MIB = 1024 * 1024;

    /** {@code --quick}: all four providers and all metrics in about five minutes on 2 cores. */
    static Settings quickRun() {
        return new Settings(true, 9, 256 * MIB, 64 * MIB, 15, 4_000, 1_000, 15, 200, 9, 60, 3, 2_000, 500,
                128 * MIB, 20_000, 32_000, Duration.ofSeconds(60));
    }

    /** The full run: 1 GiB per throughput measurement, more rounds and samples. */
    static Settings fullRun() {
        return new Settings(false, 11, 1024 * MIB, 128 * MIB, 31, 10_000, 2_000, 31, 400, 15, 150, 5, 2_000, 500,
                512 * MIB, 50_000, 96_000, Duration.ofSeconds(120));
    }

    /** These settings with {@code n} rounds for every metric. */
    Settings withRounds(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + n);
        }
        return new Settings(quick, n, throughputBytes, throughput1kBytes, n, echoCount, echoWarmup, n, connectCount,
                n, handshakeCount, n, heapPlainClients, heapTlsClients, prefixedBytes, poolSamples, poolRoundTrips, limit);
    }

    /** One line for the report. */
    String describe() {
        return (quick ? "quick" : "full") + " (each metric: one warm-up round, then rounds of SDK, raw, SDK, raw...):"
                + " throughput " + throughputRounds + " x " + throughputBytes / MIB + " MiB in 64 KiB writes,"
                + " throughput_1k " + throughputRounds + " x " + throughput1kBytes / MIB + " MiB in 1 KiB writes;"
                + " echo " + echoRounds + " x " + echoCount + " round trips (+" + echoWarmup + " warm-up each);"
                + " connect " + connectRounds + " x " + connectCount + "; full handshakes " + handshakeRounds + " x "
                + handshakeCount + "; heap " + heapRounds + " x " + heapPlainClients + " plain / " + heapTlsClients
                + " TLS idle clients; framed line echo as echo; length-prefixed " + throughputRounds + " x "
                + prefixedBytes / MIB + " MiB of 16 KiB frames (and " + prefixedBytes / 2 / MIB + " MiB of 256 B);"
                + " pool borrow+return " + echoRounds + " x " + poolSamples + "; pool threads " + throughputRounds
                + " x " + poolRoundTrips + " round trips";
    }
}
