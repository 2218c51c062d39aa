package io.jobwarden.engine.spi;

import io.jobwarden.engine.RunState;
import java.time.Instant;

/** One run of one fire, as the history keeps it. */
public record RunRecord(
        long runId,
        String jobId,
        Instant fireAt,
        int attempt,
        RunState state,
        String nodeId,
        Instant startedAt,
        Instant endedAt,
        Integer exitCode,
        String output,
        String error,
        String note) {}
