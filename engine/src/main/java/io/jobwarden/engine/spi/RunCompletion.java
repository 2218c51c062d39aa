package io.jobwarden.engine.spi;

import io.jobwarden.engine.RunState;
import java.time.Instant;

/**
 * The end of one run, and what follows for its fire.
 *
 * @param retryAt    when the fire's next attempt may start; null when the fire is done
 * @param nextFireAt for fixed-delay jobs, the job's next fire planned from this run's end; null leaves the job as it is
 * @param output     the last 64 KiB of output, or null
 * @param error      the full stack trace or error text of a failure, or null
 * @param startedAt  when the run really started, if later than the start its claim recorded (it waited on its node
 *                   for a free thread); null keeps the claim's
 */
public record RunCompletion(
        long runId,
        String jobId,
        Instant fireAt,
        String nodeId,
        RunState state,
        Instant endedAt,
        Integer exitCode,
        String output,
        String error,
        Instant retryAt,
        Instant nextFireAt,
        Instant startedAt) {

    /** An outcome that keeps the start its claim recorded. */
    public RunCompletion(
            long runId,
            String jobId,
            Instant fireAt,
            String nodeId,
            RunState state,
            Instant endedAt,
            Integer exitCode,
            String output,
            String error,
            Instant retryAt,
            Instant nextFireAt) {
        this(runId, jobId, fireAt, nodeId, state, endedAt, exitCode, output, error, retryAt, nextFireAt, null);
    }
}
