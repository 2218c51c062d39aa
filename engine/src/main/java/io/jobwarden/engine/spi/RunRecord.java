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
        String note) {

    /** {@code full} without its output and with at most {@code errorChars} characters of its error. */
    public static RunRecord summary(RunRecord full, int errorChars) {
        String error = full.error() == null || errorChars <= 0
                ? null
                : full.error().substring(0, Math.min(errorChars, full.error().length()));
        return new RunRecord(
                full.runId(),
                full.jobId(),
                full.fireAt(),
                full.attempt(),
                full.state(),
                full.nodeId(),
                full.startedAt(),
                full.endedAt(),
                full.exitCode(),
                null,
                error,
                full.note());
    }
}
