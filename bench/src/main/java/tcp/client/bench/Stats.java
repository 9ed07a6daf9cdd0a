package tcp.client.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and medians. */
final class Stats {
    private Stats() {
    }

    /**
     * The nearest-rank percentile of the first {@code n} values.
     *
     * @param p 0 to 100
     */
    static long percentile(long[] values, int n, double p) {
        if (n == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    /** The median; the mean of the two middle values for an even count. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
