package io.jobwarden.bench.scenario;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample. */
final class Percentiles {
    private final long[] sorted;

    Percentiles(long[] sample) {
        this.sorted = sample.clone();
        Arrays.sort(sorted);
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    /** @param p in (0, 100] */
    long at(double p) {
        if (sorted.length == 0) throw new IllegalStateException("no samples");
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() {
        return sorted[sorted.length - 1];
    }
}
