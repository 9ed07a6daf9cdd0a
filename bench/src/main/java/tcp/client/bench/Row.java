package tcp.client.bench;

/**
 * One line of the result: a metric of one provider, the SDK's median and the raw API's.
 *
 * @param metric e.g. {@code throughput}
 * @param provider {@code plain}, {@code jdk}, {@code conscrypt} or {@code bc}
 * @param sdk the SDK's median
 * @param raw the raw API's median
 * @param unit {@code MB/s}, {@code rt/s} (round trips per second), {@code us}, {@code ns} or {@code B}
 * @param higherIsBetter true for throughput (a unit per second); false for latency and memory
 */
record Row(String metric, String provider, double sdk, double raw, String unit, boolean higherIsBetter,
           double fixedRatio) {
    /** A row whose ratio is computed from its two columns. */
    Row(String metric, String provider, double sdk, double raw, String unit, boolean higherIsBetter) {
        this(metric, provider, sdk, raw, unit, higherIsBetter, Double.NaN);
    }

    /**
     * A row whose ratio is not sdk against raw but given (e.g. {@code handshake_latency_resumed_p50}:
     * the SDK's full handshake over its resumed one); NaN there means "n/a".
     */
    static Row withRatio(String metric, String provider, double sdk, double raw, String unit, double ratio) {
        return new Row(metric, provider, sdk, raw, unit, false, Double.isNaN(ratio) ? Double.NEGATIVE_INFINITY : ratio);
    }

    /** Whether the ratio was given rather than computed. */
    boolean givenRatio() {
        return !Double.isNaN(fixedRatio);
    }

    /**
     * Above 1 when the SDK did better: sdk/raw for throughput, raw/sdk for latency and memory; a
     * given ratio as given (NaN for a given "n/a").
     */
    double ratio() {
        if (givenRatio()) {
            return fixedRatio == Double.NEGATIVE_INFINITY ? Double.NaN : fixedRatio;
        }
        return higherIsBetter ? sdk / raw : raw / sdk;
    }
}
