package io.jobwarden.store;

import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.WaitingFire;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
    private final String running;
    private final String waiting;
    private final Tables tables;

    RunHistory(Tables t) {
        this.tables = t;
        String columns = RunRows.COLUMNS;
        this.ofJob = t.sql("SELECT " + columns + " FROM {runs} WHERE job_id = ? ORDER BY run_id DESC LIMIT ?");
        this.ofJobBefore = t.sql(
                "SELECT " + columns + " FROM {runs} WHERE job_id = ? AND run_id < ? ORDER BY run_id DESC LIMIT ?");
        this.recent = t.sql("SELECT " + columns + " FROM {runs} ORDER BY run_id DESC LIMIT ?");
        this.recentBefore = t.sql("SELECT " + columns + " FROM {runs} WHERE run_id < ? ORDER BY run_id DESC LIMIT ?");
        this.one = t.sql("SELECT " + columns + " FROM {runs} WHERE run_id = ?");
        this.running = t.sql("SELECT " + columns + " FROM {runs} WHERE state = 'RUNNING' ORDER BY run_id");
        // A PENDING row is a fire no run has taken; its attempt column counts the runs it already had.
        this.waiting = t.sql("SELECT fire_at, attempt, due_at, paused, note FROM {fires}"
                + " WHERE job_id = ? AND state = 'PENDING' ORDER BY due_at, fire_at");
    }

    List<WaitingFire> waitingFires(Connection c, String jobId) throws SQLException {
        List<WaitingFire> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(waiting)) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WaitingFire(
                            jobId,
                            Millis.get(rs, "fire_at"),
                            rs.getInt("attempt") + 1,
                            Millis.get(rs, "due_at"),
                            rs.getBoolean("paused"),
                            rs.getString("note")));
                }
            }
        }
        return out;
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

    /**
     * A page of runs without the output column and with at most {@code errorChars} characters of the error, so
     * listings never read output and stack traces. SUBSTR exists in SQLite, PostgreSQL and MariaDB alike.
     */
    List<RunRecord> summaries(Connection c, String jobId, int limit, Long beforeRunId, int errorChars)
            throws SQLException {
        if (limit <= 0) return List.of();
        String columns = summaryColumns("", errorChars);
        String where = (jobId == null ? "" : " WHERE job_id = ?")
                + (beforeRunId == null ? "" : (jobId == null ? " WHERE" : " AND") + " run_id < ?");
        String sql = tables.sql("SELECT " + columns + " FROM {runs}" + where + " ORDER BY run_id DESC LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (jobId != null) ps.setString(i++, jobId);
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

    /** The run columns for listings, each prefixed with {@code alias}: no output, the error cut to its start. */
    private static String summaryColumns(String alias, int errorChars) {
        String error = errorChars <= 0 ? "NULL" : "SUBSTR(" + alias + "error, 1, " + errorChars + ")";
        String columns = alias + RunRows.COLUMNS.replace(", ", ", " + alias);
        return columns.replace(alias + "output, " + alias + "error", "NULL AS output, " + error + " AS error");
    }

    Map<String, RunRecord> lastRunSummaries(Connection c, int errorChars) throws SQLException {
        Map<String, RunRecord> out = new LinkedHashMap<>();
        // One index probe per job on (job_id, run_id), rather than grouping the whole history.
        String sql = tables.sql("SELECT " + summaryColumns("r.", errorChars) + " FROM {jobs} j JOIN {runs} r"
                + " ON r.run_id = (SELECT MAX(x.run_id) FROM {runs} x WHERE x.job_id = j.id) ORDER BY r.job_id");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
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
