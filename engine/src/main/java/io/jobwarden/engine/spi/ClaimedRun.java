package io.jobwarden.engine.spi;

import io.jobwarden.engine.JobSpec;
import java.time.Instant;

/**
 * A fire this node now owns, with its run row already recorded {@code RUNNING}.
 *
 * @param runId also the fencing token: run ids only grow, so a later claim of the same fire has a larger one
 */
public record ClaimedRun(long runId, JobSpec spec, Instant fireAt, int attempt, Instant claimedAt, String note) {
    public String jobId() {
        return spec.id();
    }
}
