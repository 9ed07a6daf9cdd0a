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
record Row(String metric, String provider, double sdk, double raw, String unit, boolean higherIsBetter) {
    /** Above 1 when the SDK did better: sdk/raw for throughput, raw/sdk for latency and memory. */
    double ratio() {
        return higherIsBetter ? sdk / raw : raw / sdk;
    }
}
