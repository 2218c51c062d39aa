package io.jobwarden.store;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.spi.FirePlan;
import io.jobwarden.engine.spi.FirePlanner;
import io.jobwarden.engine.spi.PlannedFire;
import io.jobwarden.engine.spi.StoreException;
import io.jobwarden.engine.spi.StoredJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating fires (planning due jobs, manual triggers) and measuring the queue of pending ones. */
final class FireRows {
    private static final String FIRE_COLUMNS =
            "job_id, fire_at, state, attempt, due_at, priority, group_name, overlap, paused, note";

    private static final Logger log = LoggerFactory.getLogger(FireRows.class);

    private final JobRows jobs;
    private final Dialect dialect;
    /** Ids of job rows this store could not read (written by a newer version, or damaged), each logged once. */
    private final Set<String> undecodable = ConcurrentHashMap.newKeySet();

    private final String selectDue;
    private final String moveNextFire;
    private final String insertPlanned;
    private final String lockJob;
    private final String insertManual;
    private final String countPending;
    private final String oldestPending;
    private final String nextJobFire;
    private final String nextPendingDue;
    private final String waitingOrdinary;
    private final String dropFire;
    private final String insertSkipped;

    private record DueJob(StoredJob job, String group, int priority, String overlap) {}

    FireRows(Tables t, Dialect dialect, JobRows jobs) {
        this.jobs = jobs;
        this.dialect = dialect;
        this.selectDue = selectDue(t, dialect);
        // Conditional on the value read: should a row lock ever fail to keep two planners apart, only one moves it.
        this.moveNextFire = t.sql("UPDATE {jobs} SET next_fire_at = ? WHERE id = ? AND next_fire_at = ?");
        this.insertPlanned =
                dialect.insertIgnore(t.fires, FIRE_COLUMNS, "VALUES (?, ?, 'PENDING', 0, ?, ?, ?, ?, FALSE, ?)");
        this.lockJob = t.sql("SELECT group_name, priority, overlap, paused FROM {jobs} WHERE id = ?")
                + dialect.lockForUpdate();
        this.insertManual =
                dialect.insertIgnore(t.fires, FIRE_COLUMNS, "VALUES (?, ?, 'PENDING', 0, ?, ?, ?, ?, ?, ?)");
        this.countPending =
                t.sql("SELECT COUNT(*) FROM {fires} WHERE state = 'PENDING' AND paused = FALSE AND due_at <= ?");
        this.oldestPending =
                t.sql("SELECT MIN(due_at) FROM {fires} WHERE state = 'PENDING' AND paused = FALSE AND due_at <= ?");
        this.nextJobFire = t.sql(
                "SELECT MIN(next_fire_at) FROM {jobs} WHERE paused = FALSE AND next_fire_at IS NOT NULL AND next_fire_at > ?");
        // Ordinary fires only (first attempt, no note): retries, triggers and catch-up fires were asked for.
        this.waitingOrdinary =
                t.sql("SELECT fire_at FROM {fires} WHERE job_id = ? AND state = 'PENDING' AND attempt = 0"
                        + " AND note IS NULL ORDER BY fire_at");
        this.dropFire = t.sql(
                "UPDATE {fires} SET state = 'DONE', attempt = 1 WHERE job_id = ? AND fire_at = ? AND state = 'PENDING'");
        this.insertSkipped = t.sql("INSERT INTO {runs} (job_id, fire_at, attempt, state, started_at, ended_at, note)"
                + " VALUES (?, ?, 1, 'SKIPPED', ?, ?, ?)");
        this.nextPendingDue =
                t.sql("SELECT MIN(due_at) FROM {fires} WHERE state = 'PENDING' AND paused = FALSE AND due_at > ?");
    }

    int planDue(Connection c, Instant now, Instant until, int limit, FirePlanner planner) throws SQLException {
        List<DueJob> due = due(c, until.isBefore(now) ? now : until, limit);
        if (due.isEmpty()) return 0;
        List<FirePlan> plans = new ArrayList<>(due.size());
        for (DueJob d : due) plans.add(planner.plan(d.job, now));

        int[] moved;
        try (PreparedStatement ps = c.prepareStatement(moveNextFire)) {
            for (int i = 0; i < due.size(); i++) {
                Millis.set(ps, 1, plans.get(i).nextFireAt());
                ps.setString(2, due.get(i).job.id());
                Millis.set(ps, 3, due.get(i).job.nextFireAt());
                ps.addBatch();
            }
            moved = ps.executeBatch();
        }
        int planned = 0;
        try (PreparedStatement ps = c.prepareStatement(insertPlanned)) {
            boolean any = false;
            for (int i = 0; i < due.size(); i++) {
                if (moved[i] != 1) continue;
                planned++;
                DueJob d = due.get(i);
                for (PlannedFire fire : plans.get(i).fires()) {
                    ps.setString(1, d.job.id());
                    ps.setLong(2, fire.fireAt().toEpochMilli());
                    ps.setLong(3, fire.fireAt().toEpochMilli());
                    ps.setInt(4, d.priority);
                    ps.setString(5, d.group);
                    ps.setString(6, d.overlap);
                    ps.setString(7, StoredText.note(fire.note()));
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) ps.executeBatch();
        }
        recordSkipped(c, due, plans, moved, now);
        for (int i = 0; i < due.size(); i++) {
            if (moved[i] == 1 && OverlapPolicy.QUEUE.name().equals(due.get(i).overlap))
                boundQueue(c, due.get(i).job.spec(), now);
        }
        return planned;
    }

    private void recordSkipped(Connection c, List<DueJob> due, List<FirePlan> plans, int[] moved, Instant now)
            throws SQLException {
        for (int i = 0; i < due.size(); i++) {
            if (moved[i] != 1) continue;
            for (PlannedFire fire : plans.get(i).fires()) {
                if (fire.skipped()) skip(c, due.get(i).job.id(), fire.fireAt().toEpochMilli(), now, fire.note());
            }
        }
    }

    /** Finishes a pending fire at once with a SKIPPED run noting why; nothing when the fire is no longer pending. */
    private void skip(Connection c, String jobId, long fireAt, Instant now, String note) throws SQLException {
        try (PreparedStatement done = c.prepareStatement(dropFire);
                PreparedStatement run = c.prepareStatement(insertSkipped)) {
            done.setString(1, jobId);
            done.setLong(2, fireAt);
            if (done.executeUpdate() != 1) return;
            run.setString(1, jobId);
            run.setLong(2, fireAt);
            run.setLong(3, now.toEpochMilli());
            run.setLong(4, now.toEpochMilli());
            run.setString(5, StoredText.note(note));
            run.executeUpdate();
        }
    }

    /** The job's row is locked by planning, so no claim of this job runs while its oldest fires are dropped. */
    private void boundQueue(Connection c, JobSpec spec, Instant now) throws SQLException {
        List<Long> waiting = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(waitingOrdinary)) {
            ps.setString(1, spec.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) waiting.add(rs.getLong(1));
            }
        }
        int drop = OverlapPolicy.QUEUE.queueOverflow(waiting.size(), spec.queueBound());
        if (drop == 0) return;
        String note = OverlapPolicy.queueFullNote(spec.queueBound());
        for (long fireAt : waiting.subList(0, drop)) skip(c, spec.id(), fireAt, now, note);
    }

    /**
     * One row this version cannot read (an unknown type or setting from a newer version, damaged JSON) must not stop
     * every other job from firing: it is left where it is, unplanned, and logged the first time.
     */
    private void skipUndecodable(String id, RuntimeException e) {
        if (undecodable.add(id))
            log.error("job '{}' is not planned: its stored definition cannot be read: {}", id, e.getMessage());
    }

    /** How many distinct job rows planning has skipped because it could not read them. */
    int undecodableJobs() {
        return undecodable.size();
    }

    /** The due jobs, oldest first: a walk of the due index that stops at the limit (Dialect#preferIndexes). */
    static String selectDue(Tables t, Dialect dialect) {
        return t.sql("SELECT " + JobRows.COLUMNS
                        + " FROM {jobs} WHERE paused = FALSE AND next_fire_at IS NOT NULL AND next_fire_at <= ?"
                        + " ORDER BY next_fire_at, id LIMIT ?")
                + dialect.lockSkipLocked();
    }

    private List<DueJob> due(Connection c, Instant now, int limit) throws SQLException {
        List<DueJob> out = new ArrayList<>();
        dialect.preferIndexes(c);
        try (PreparedStatement ps = c.prepareStatement(selectDue)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredJob job;
                    try {
                        job = jobs.read(rs);
                    } catch (StoreException | IllegalArgumentException e) {
                        skipUndecodable(rs.getString("id"), e);
                        continue;
                    }
                    out.add(new DueJob(
                            job, rs.getString("group_name"), rs.getInt("priority"), rs.getString("overlap")));
                }
            }
        }
        return out;
    }

    boolean addFire(Connection c, String jobId, Instant fireAt, String note) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(lockJob)) {
            lock.setString(1, jobId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) return false;
                try (PreparedStatement ps = c.prepareStatement(insertManual)) {
                    ps.setString(1, jobId);
                    ps.setLong(2, fireAt.toEpochMilli());
                    ps.setLong(3, fireAt.toEpochMilli());
                    ps.setInt(4, rs.getInt("priority"));
                    ps.setString(5, rs.getString("group_name"));
                    ps.setString(6, rs.getString("overlap"));
                    ps.setBoolean(7, rs.getBoolean("paused"));
                    if (note == null) ps.setNull(8, Types.VARCHAR);
                    else ps.setString(8, StoredText.note(note));
                    return ps.executeUpdate() == 1;
                }
            }
        }
    }

    int pendingFires(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(countPending)) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    Optional<Instant> oldestPendingDue(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(oldestPending)) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(min));
            }
        }
    }

    /** The earlier of the next job fire and the next pending fire's due time, both after {@code now}. */
    Optional<Instant> nextDue(Connection c, Instant now) throws SQLException {
        Long a = minimum(c, nextJobFire, now);
        Long b = minimum(c, nextPendingDue, now);
        if (a == null && b == null) return Optional.empty();
        return Optional.of(Instant.ofEpochMilli(a == null ? b : b == null ? a : Math.min(a, b)));
    }

    private static Long minimum(Connection c, String sql, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }
}
