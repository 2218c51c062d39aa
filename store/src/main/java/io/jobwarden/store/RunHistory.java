package io.jobwarden.store;

import io.jobwarden.engine.spi.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading the run history, newest first, paged by run id (which only grows). */
final class RunHistory {
    private final String ofJob;
    private final String ofJobBefore;
    private final String recent;
    private final String recentBefore;
    private final String one;
    private final String lastOfEachJob;
    private final String running;

    RunHistory(Tables t) {
        String columns = RunRows.COLUMNS;
        this.ofJob = t.sql("SELECT " + columns + " FROM {runs} WHERE job_id = ? ORDER BY run_id DESC LIMIT ?");
        this.ofJobBefore = t.sql(
                "SELECT " + columns + " FROM {runs} WHERE job_id = ? AND run_id < ? ORDER BY run_id DESC LIMIT ?");
        this.recent = t.sql("SELECT " + columns + " FROM {runs} ORDER BY run_id DESC LIMIT ?");
        this.recentBefore = t.sql("SELECT " + columns + " FROM {runs} WHERE run_id < ? ORDER BY run_id DESC LIMIT ?");
        this.one = t.sql("SELECT " + columns + " FROM {runs} WHERE run_id = ?");
        // One index probe per job on (job_id, run_id), rather than grouping the whole history.
        this.lastOfEachJob = t.sql("SELECT " + ("r." + columns.replace(", ", ", r.")) + " FROM {jobs} j JOIN {runs} r"
                + " ON r.run_id = (SELECT MAX(x.run_id) FROM {runs} x WHERE x.job_id = j.id) ORDER BY r.job_id");
        this.running = t.sql("SELECT " + columns + " FROM {runs} WHERE state = 'RUNNING' ORDER BY run_id");
    }

    List<RunRecord> runs(Connection c, String jobId, int limit, Long beforeRunId) throws SQLException {
        if (limit <= 0) return List.of();
        try (PreparedStatement ps = c.prepareStatement(beforeRunId == null ? ofJob : ofJobBefore)) {
            int i = 1;
            ps.setString(i++, jobId);
            if (beforeRunId != null) ps.setLong(i++, beforeRunId);
            ps.setInt(i, limit);
            return RunRows.readAll(ps);
        }
    }

    List<RunRecord> recentRuns(Connection c, int limit, Long beforeRunId) throws SQLException {
        if (limit <= 0) return List.of();
        try (PreparedStatement ps = c.prepareStatement(beforeRunId == null ? recent : recentBefore)) {
            int i = 1;
            if (beforeRunId != null) ps.setLong(i++, beforeRunId);
            ps.setInt(i, limit);
            return RunRows.readAll(ps);
        }
    }

    Optional<RunRecord> run(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(one)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(RunRows.read(rs)) : Optional.empty();
            }
        }
    }

    Map<String, RunRecord> lastRuns(Connection c) throws SQLException {
        Map<String, RunRecord> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(lastOfEachJob)) {
            for (RunRecord run : RunRows.readAll(ps)) out.put(run.jobId(), run);
        }
        return out;
    }

    List<RunRecord> runningRuns(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(running)) {
            return RunRows.readAll(ps);
        }
    }
}
