package io.jobwarden.engine.spi;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import java.time.Instant;

/** The engine's retry policy, asked by the store while it recovers a run in the same transaction. */
@FunctionalInterface
public interface RetryDecider {
    /** When the fire's next attempt may start after {@code endedAttempt} ended in {@code state}; null for no retry. */
    Instant retryAt(JobSpec spec, int endedAttempt, RunState state, Instant now);

    /**
     * The job's next fire when a run abandoned at {@code now} is not retried and the job's schedule plans from a
     * run's end (fixed delay): recovery stands in for that end, in its own transaction, so that the job is not left
     * without a next fire should the process die right after recovery. Null when the schedule plans nothing then.
     */
    default Instant nextFireAfterAbandoned(JobSpec spec, Instant fireAt, Instant now) {
        return null;
    }
}
