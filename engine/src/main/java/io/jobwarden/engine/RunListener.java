package io.jobwarden.engine;

import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the engine tells the outside as runs move: metrics, logs and alerts hang here. Called on engine threads;
 * implementations must be quick and must not throw (a throwing listener is logged and ignored).
 */
public interface RunListener {
    /** A claimed run is starting; {@code startedAt - run.fireAt()} is the fire's lateness. */
    default void runStarted(ClaimedRun run, Instant startedAt) {}

    /** A run ended and its outcome was handed to the store. {@code retryAt} is null when the fire is done. */
    default void runFinished(ClaimedRun run, RunState state, Duration took, Instant retryAt, String error) {}

    /** Runs whose node died were recovered. */
    default void runsAbandoned(List<RunRecord> runs) {}

    /** This node's lease had expired when it renewed it; its in-flight runs were cancelled. */
    default void leaseLost() {}

    /**
     * A cancelled run's task did not return within the cancel grace: it still runs, holds its slot and its fire (no
     * retry or next fire starts beside it) until its thread ends. Reported once per run.
     */
    default void runStuck(ClaimedRun run, Duration sinceCancel) {}

    /** A run reported by {@link #runStuck} has ended at last; its outcome is recorded next. */
    default void stuckRunEnded(ClaimedRun run) {}

    /** Retention deleted {@code rows} rows of history (runs and fires) in one pruning pass. */
    default void historyPruned(long rows) {}
}
