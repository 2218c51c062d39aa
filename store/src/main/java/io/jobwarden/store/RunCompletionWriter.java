package io.jobwarden.store;

import io.jobwarden.engine.spi.RunCompletion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run is recorded: ends runs and settles their fires, a whole list in one transaction with three JDBC
 * batches. A run is ended only while it is still {@code RUNNING} on the node that reports it, so the outcome of a
 * run that was meanwhile declared {@code ABANDONED} (and perhaps started again elsewhere) cannot overwrite history
 * or the fire's state.
 */
final class RunCompletionWriter {
    /**
     * The job's id too, though the run's id alone finds the row: PostgreSQL plans this statement once per connection,
     * and a plan made while the runs table was new (no statistics) may scan an index of running runs instead of the
     * key, the running runs by job (V6) as readily as those by run id. Given the job, any index it picks finds the
     * row among that job's running runs: ending 5,000 runs claimed together went from 930 to ~8,000 runs a second
     * (ThroughputTest on PostgreSQL).
     */
    static final String END_RUN = "UPDATE {runs} SET state = ?, ended_at = ?, exit_code = ?, output = ?, error = ?,"
            + " started_at = COALESCE(?, started_at)"
            + " WHERE run_id = ? AND job_id = ? AND state = 'RUNNING' AND node_id = ?";

    private final String endRun;
    private final String moveNextFire;
    private final String settleFire;

    RunCompletionWriter(Tables t) {
        this.endRun = t.sql(END_RUN);
        this.moveNextFire = t.sql("UPDATE {jobs} SET next_fire_at = ? WHERE id = ?");
        this.settleFire = t.sql(
                "UPDATE {fires} SET state = ?, due_at = COALESCE(?, due_at) WHERE job_id = ? AND fire_at = ? AND state = 'RUNNING'");
    }

    int complete(Connection c, List<RunCompletion> completions) throws SQLException {
        for (RunCompletion done : completions) {
            if (!done.state().isFinal()) {
                throw new IllegalArgumentException("run " + done.runId() + " cannot be completed as " + done.state()
                        + "; an outcome must be a final state");
            }
        }
        if (completions.isEmpty()) return 0;
        List<RunCompletion> accepted = endRuns(c, completions);
        // Lock order everywhere: runs, then jobs, then fires.
        moveNextFires(c, accepted);
        settleFires(c, accepted);
        return accepted.size();
    }

    private List<RunCompletion> endRuns(Connection c, List<RunCompletion> completions) throws SQLException {
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(endRun)) {
            for (RunCompletion done : completions) {
                ps.setString(1, done.state().name());
                Millis.set(ps, 2, done.endedAt());
                Millis.setInteger(ps, 3, done.exitCode());
                ps.setString(4, StoredText.output(done.output()));
                ps.setString(5, StoredText.error(done.error()));
                Millis.set(ps, 6, done.startedAt());
                ps.setLong(7, done.runId());
                ps.setString(8, done.jobId());
                ps.setString(9, done.nodeId());
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        List<RunCompletion> accepted = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == PreparedStatement.SUCCESS_NO_INFO)
                throw new IllegalStateException("the JDBC driver did not report update counts");
            if (counts[i] > 0) accepted.add(completions.get(i));
        }
        return accepted;
    }

    private void moveNextFires(Connection c, List<RunCompletion> accepted) throws SQLException {
        boolean any = false;
        try (PreparedStatement ps = c.prepareStatement(moveNextFire)) {
            for (RunCompletion done : accepted) {
                if (done.nextFireAt() == null) continue;
                Millis.set(ps, 1, done.nextFireAt());
                ps.setString(2, done.jobId());
                ps.addBatch();
                any = true;
            }
            if (any) ps.executeBatch();
        }
    }

    private void settleFires(Connection c, List<RunCompletion> accepted) throws SQLException {
        if (accepted.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(settleFire)) {
            for (RunCompletion done : accepted) {
                ps.setString(1, done.retryAt() == null ? "DONE" : "PENDING");
                Millis.set(ps, 2, done.retryAt());
                ps.setString(3, done.jobId());
                Millis.set(ps, 4, done.fireAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
