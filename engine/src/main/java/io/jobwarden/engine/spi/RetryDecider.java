package io.jobwarden.engine.spi;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import java.time.Instant;

/** The engine's retry policy, asked by the store while it recovers a run in the same transaction. */
@FunctionalInterface
public interface RetryDecider {
    /** When the fire's next attempt may start after {@code endedAttempt} ended in {@code state}; null for no retry. */
    Instant retryAt(JobSpec spec, int endedAttempt, RunState state, Instant now);
}
