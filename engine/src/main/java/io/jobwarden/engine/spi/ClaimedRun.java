package io.jobwarden.engine.spi;

import io.jobwarden.engine.JobSpec;
import java.time.Instant;

/**
 * A fire this node now owns, with its run row already recorded {@code RUNNING}.
 *
 * @param runId   also the fencing token: run ids only grow, so a later claim of the same fire has a larger one
 * @param startAt when the run is to start, on the clock of {@code claimedAt}: {@code claimedAt} itself, or the fire's
 *                due time when it was claimed ahead of it (its run row records this as its start)
 */
public record ClaimedRun(
        long runId, JobSpec spec, Instant fireAt, int attempt, Instant claimedAt, String note, Instant startAt) {

    /** A run to start at once. */
    public ClaimedRun(long runId, JobSpec spec, Instant fireAt, int attempt, Instant claimedAt, String note) {
        this(runId, spec, fireAt, attempt, claimedAt, note, claimedAt);
    }

    public String jobId() {
        return spec.id();
    }
}
