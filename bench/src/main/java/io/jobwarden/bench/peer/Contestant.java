package io.jobwarden.bench.peer;

import io.jobwarden.bench.ledger.ExecutionLedger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A scheduler under test, seen from both sides: the harness resets and seeds its store and asks how much work is
 * left; a node process runs it. Every job's work is a no-op that records itself in the node's
 * {@link ExecutionLedger}, so correctness is judged outside the scheduler.
 */
public interface Contestant {

    Target target();

    /** Drops and recreates its tables: a clean store for the next repetition. */
    void reset();

    /** Stores one-shot jobs, all due at {@code due}; for a shared store this runs in the harness before nodes start. */
    void seedOneShots(List<String> ids, Instant due);

    /** Fires not yet durably finished, as the store tells; empty when the store cannot (it keeps nothing). */
    OptionalLong unfinished(long expected);

    /** What the store's own record says is wrong after all runs ended, or empty when it agrees. */
    default Optional<String> historyProblem(long expected) {
        return Optional.empty();
    }

    /**
     * JVM options its node processes get after the heap every node gets alike: what the scheduler ships its own
     * process with, where it ships one (a library runs under its host's JVM defaults).
     */
    default List<String> nodeJvmOptions() {
        return List.of();
    }

    /** A node of this scheduler in this process, set up but not started. */
    SchedulerNode node(String nodeName, ExecutionLedger ledger);
}
