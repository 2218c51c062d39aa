package io.jobwarden.engine;

import java.time.Duration;

/**
 * How much finished history a store keeps (docs/semantics.md, "History and retention"): runs that ended more than
 * {@code keepDays} ago, and runs beyond the newest {@code keepRunsPerJob} of a job, are deleted.
 */
public record HistoryRetention(int keepDays, int keepRunsPerJob) {
    public static final HistoryRetention DEFAULT = new HistoryRetention(30, 1000);

    public HistoryRetention {
        if (keepDays < 1) throw new IllegalArgumentException("keep-days must be at least 1, was " + keepDays);
        if (keepRunsPerJob < 1)
            throw new IllegalArgumentException("keep-runs-per-job must be at least 1, was " + keepRunsPerJob);
    }

    public Duration keep() {
        return Duration.ofDays(keepDays);
    }
}
