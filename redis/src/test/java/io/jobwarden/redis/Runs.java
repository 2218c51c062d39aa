package io.jobwarden.redis;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.spi.ClaimedRun;
import java.time.Instant;
import java.util.Map;

/** Claimed runs as the engine hands them to a fire guard. */
final class Runs {
    static final Instant FIRE_AT = Instant.parse("2026-11-26T02:00:00Z");

    private Runs() {}

    static ClaimedRun run(long runId, String jobId, Instant fireAt) {
        return new ClaimedRun(runId, JobSpec.of(jobId, "@every 1m", "java", Map.of()), fireAt, 1, fireAt, null);
    }

    static ClaimedRun run(long runId) {
        return run(runId, "report", FIRE_AT);
    }
}
