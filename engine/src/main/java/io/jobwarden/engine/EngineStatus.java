package io.jobwarden.engine;

import java.time.Instant;

/**
 * A snapshot of one node for health and metrics.
 *
 * @param queueDepth        fires due and not yet claimed (all nodes)
 * @param oldestOverdue     the oldest due instant among them, or null
 * @param lastPass          when the scheduler last completed a pass, or null before the first
 * @param unwrittenOutcomes run outcomes waiting to be written to the store
 */
public record EngineStatus(
        String nodeId,
        boolean running,
        boolean claiming,
        boolean leaseValid,
        int runningRuns,
        int queueDepth,
        Instant oldestOverdue,
        Instant lastPass,
        int unwrittenOutcomes) {}
