package io.jobwarden.store;

import io.jobwarden.engine.HistoryRetention;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Deleting history that retention no longer keeps (docs/semantics.md, "History and retention"), job by job and at
 * most {@link #BATCH} rows per transaction, so that a large backlog never holds locks claiming needs for long.
 *
 * <p>A done fire row is what stops the planner from planning its instant twice, so one is deleted only when its
 * runs are gone and no planner could plan that instant again: the planner only plans at or after a job's next
 * fire, or after "now" when a job is created, resumed or rescheduled. The job's newest fire row stays (an
 * {@code @at} job deleted and added again would plan its instant again), and so does anything from the last
 * {@link #CLOCK_MARGIN}, for nodes whose clocks disagree.
 */
final class HistoryPruning {
    static final int BATCH = 500;
    static final Duration CLOCK_MARGIN = Duration.ofHours(1);

    private final Transactions tx;
    private final String nextRunJob;
    private final String nextFireJob;
    private final String nthNewestRun;
    private final String prunableRuns;
    private final String deleteRuns;
    private final String fireBounds;
    private final String prunableFires;
    private final String deleteFires;

    HistoryPruning(Tables t, Transactions tx) {
        this.tx = tx;
        // One index probe per job (runs_job, the fires primary key) instead of a DISTINCT over whole tables.
        this.nextRunJob = t.sql("SELECT MIN(job_id) FROM {runs} WHERE job_id > ?");
        this.nextFireJob = t.sql("SELECT MIN(job_id) FROM {fires} WHERE job_id > ?");
        this.nthNewestRun = t.sql("SELECT run_id FROM {runs} WHERE job_id = ? ORDER BY run_id DESC LIMIT 1 OFFSET ?");
        this.prunableRuns = t.sql("SELECT run_id FROM {runs} WHERE job_id = ? AND state <> 'RUNNING'"
                + " AND (run_id < ? OR ended_at < ?) ORDER BY run_id LIMIT " + BATCH);
        // The same predicate up to the batch's last row: one statement, and never more than the batch just read
        // (rows added since have larger ids).
        this.deleteRuns = t.sql("DELETE FROM {runs} WHERE job_id = ? AND state <> 'RUNNING'"
                + " AND (run_id < ? OR ended_at < ?) AND run_id <= ?");
        this.fireBounds = t.sql("SELECT MAX(f.fire_at), (SELECT j.next_fire_at FROM {jobs} j WHERE j.id = ?)"
                + " FROM {fires} f WHERE f.job_id = ?");
        this.prunableFires = t.sql("SELECT f.fire_at FROM {fires} f WHERE f.job_id = ? AND f.state = 'DONE'"
                + " AND f.fire_at < ? AND NOT EXISTS (SELECT 1 FROM {runs} r WHERE r.job_id = f.job_id"
                + " AND r.fire_at = f.fire_at) ORDER BY f.fire_at LIMIT " + BATCH);
        this.deleteFires = t.sql("DELETE FROM {fires} WHERE job_id = ? AND state = 'DONE' AND fire_at < ?"
                + " AND fire_at <= ? AND NOT EXISTS (SELECT 1 FROM {runs} r WHERE r.job_id = {fires}.job_id"
                + " AND r.fire_at = {fires}.fire_at)");
    }

    long prune(HistoryRetention retention, Instant now) {
        long deleted = 0;
        long endedBefore = now.minus(retention.keep()).toEpochMilli();
        for (String job = nextJob(nextRunJob, ""); job != null; job = nextJob(nextRunJob, job)) {
            deleted += pruneRuns(job, retention.keepRunsPerJob(), endedBefore);
        }
        long plannable = now.minus(CLOCK_MARGIN).toEpochMilli();
        for (String job = nextJob(nextFireJob, ""); job != null; job = nextJob(nextFireJob, job)) {
            deleted += pruneFires(job, plannable);
        }
        return deleted;
    }

    private String nextJob(String sql, String after) {
        return tx.run("list the jobs with history", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private long pruneRuns(String job, int keepRuns, long endedBefore) {
        long deleted = 0;
        while (true) {
            int n = tx.run("prune the runs of job '" + job + "'", c -> {
                long oldestKept = nthNewestRun(c, job, keepRuns);
                long last = lastOfBatch(c, prunableRuns, job, oldestKept, endedBefore);
                if (last < 0) return 0;
                try (PreparedStatement ps = c.prepareStatement(deleteRuns)) {
                    ps.setString(1, job);
                    ps.setLong(2, oldestKept);
                    ps.setLong(3, endedBefore);
                    ps.setLong(4, last);
                    return ps.executeUpdate();
                }
            });
            deleted += n;
            if (n < BATCH) return deleted;
        }
    }

    /** The run id of the job's {@code keep}-th newest run, or 0 (nothing older to delete) when it has fewer. */
    private long nthNewestRun(Connection c, String job, int keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(nthNewestRun)) {
            ps.setString(1, job);
            ps.setInt(2, keep - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private long pruneFires(String job, long plannable) {
        long deleted = 0;
        while (true) {
            int n = tx.run("prune the fires of job '" + job + "'", c -> {
                long before = plannable;
                try (PreparedStatement ps = c.prepareStatement(fireBounds)) {
                    ps.setString(1, job);
                    ps.setString(2, job);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) return 0;
                        long newest = rs.getLong(1);
                        if (rs.wasNull()) return 0;
                        before = Math.min(before, newest);
                        long next = rs.getLong(2);
                        if (!rs.wasNull()) before = Math.min(before, next);
                    }
                }
                long last = lastOfBatch(c, prunableFires, job, before);
                if (last < 0) return 0;
                try (PreparedStatement ps = c.prepareStatement(deleteFires)) {
                    ps.setString(1, job);
                    ps.setLong(2, before);
                    ps.setLong(3, last);
                    return ps.executeUpdate();
                }
            });
            deleted += n;
            if (n < BATCH) return deleted;
        }
    }

    /** The last key (run id, fire instant) of the batch {@code sql} selects, or -1 when it selects nothing. */
    private static long lastOfBatch(Connection c, String sql, String job, long... bounds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, job);
            for (int i = 0; i < bounds.length; i++) ps.setLong(2 + i, bounds[i]);
            long last = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) last = rs.getLong(1);
            }
            return last;
        }
    }
}
