package io.jobwarden.engine.spi;

import java.time.Instant;

/**
 * A fire in the store that no run has taken yet: a retry due later, a fire of a paused job, a trigger or a fire
 * queued behind a running one. Run history lists it as {@code SCHEDULED}; it has no run id until it is claimed.
 *
 * @param attempt the attempt its run will be (1 for a first try)
 * @param dueAt when it may be claimed: the fire instant, or later for a retry's backoff
 * @param paused its job is paused, so it waits for a resume whatever its due time
 */
public record WaitingFire(String jobId, Instant fireAt, int attempt, Instant dueAt, boolean paused, String note) {}
