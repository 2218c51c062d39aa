package io.jobwarden.engine.spi;

import java.time.Instant;

/**
 * The engine's decision for a due job (schedule, misfire policy), called by the store inside the transaction
 * that holds the job's row, so that planning a fire and moving the job's next fire happen together or not at all.
 */
@FunctionalInterface
public interface FirePlanner {
    FirePlan plan(StoredJob job, Instant now);
}
