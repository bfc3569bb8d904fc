package digits.bench;

import java.util.Arrays;

/** Order statistics of repeated timings. */
final class Stats {
    private Stats() {}

    static double median(double[] values) {
        return percentile(values, 50);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) throw new IllegalArgumentException("no values");
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
