package io.jobwarden.engine.spi;

import io.jobwarden.engine.JobSpec;
import java.time.Instant;

/**
 * A job as the store holds it: its definition plus the runtime state every node shares.
 *
 * @param nextFireAt the next instant to plan a fire for; null when none (a one-shot that fired, a fixed-delay
 *                   job whose run has not ended yet)
 * @param version    grows on every change to this job; lets caches of parsed schedules know they are stale
 */
public record StoredJob(
        JobSpec spec, JobOrigin origin, boolean paused, Instant nextFireAt, long version, Instant updatedAt) {
    public String id() {
        return spec.id();
    }
}
