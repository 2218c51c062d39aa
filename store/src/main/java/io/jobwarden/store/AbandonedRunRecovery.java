package io.jobwarden.store;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RetryDecider;
import io.jobwarden.engine.spi.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declares {@code ABANDONED} the runs whose node is dead: its lease ran out on the database clock, it left or never
 * joined, or it is an earlier process of this very node (same name, another id). The earlier process's lease is
 * ended too, so that should it still be alive its next heartbeat fails and it stops its runs rather than finish
 * fires that are already being retried here.
 *
 * <p>Each run is taken with a conditional update, so two nodes recovering at once, or a late completion racing
 * recovery, settle every run exactly once.
 */
final class AbandonedRunRecovery {
    /** With the job's id, as {@link RunCompletionWriter#END_RUN}, for the same reason. */
    static final String ABANDON = "UPDATE {runs} SET state = 'ABANDONED', ended_at = ?, error = ?"
            + " WHERE run_id = ? AND job_id = ? AND state = 'RUNNING'";

    private record Orphan(
            long runId,
            String jobId,
            long fireAt,
            int attempt,
            String nodeId,
            String nodeName,
            Long leaseUntil,
            Instant startedAt,
            String note) {}

    private final Tables tables;
    private final NodeLeases leases;
    private final SpecCodec codec;
    private final String earlierProcesses;
    private final String endEarlierLeases;
    private final String fence;
    private final String orphans;
    private final String abandon;
    private final String settleFire;
    private final String restartFixedDelay;
    private final String ownRunning;

    AbandonedRunRecovery(Tables t, NodeLeases leases, SpecCodec codec) {
        this.tables = t;
        this.leases = leases;
        this.codec = codec;
        this.earlierProcesses =
                t.sql("SELECT node_id FROM {nodes} WHERE name = ? AND node_id <> ? AND lease_until >= ?");
        this.endEarlierLeases =
                t.sql("UPDATE {nodes} SET lease_until = ? WHERE name = ? AND node_id <> ? AND lease_until >= ?");
        this.fence = t.sql("UPDATE {nodes} SET fenced = TRUE WHERE fenced = FALSE AND lease_until < ?");
        this.orphans = t.sql(
                "SELECT r.run_id, r.job_id, r.fire_at, r.attempt, r.node_id, r.started_at, r.note, n.name, n.lease_until"
                        + " FROM {runs} r LEFT JOIN {nodes} n ON n.node_id = r.node_id"
                        + " WHERE r.state = 'RUNNING' AND (n.node_id IS NULL OR n.fenced = TRUE) ORDER BY r.run_id");
        this.abandon = t.sql(ABANDON);
        this.settleFire = t.sql("UPDATE {fires} SET state = ?, due_at = COALESCE(?, due_at)"
                + " WHERE job_id = ? AND fire_at = ? AND state = 'RUNNING' AND attempt = ?");
        // Only a job still without a next fire: an edit or a resume meanwhile has planned one already.
        this.restartFixedDelay =
                t.sql("UPDATE {jobs} SET next_fire_at = ? WHERE id = ? AND next_fire_at IS NULL AND paused = FALSE");
        this.ownRunning = t.sql("SELECT run_id, job_id, fire_at, attempt, node_id, started_at, note FROM {runs}"
                + " WHERE state = 'RUNNING' AND node_id = ? AND started_at < ? ORDER BY run_id");
    }

    List<RunRecord> recover(Connection c, NodeInfo self, RetryDecider decider, Instant now) throws SQLException {
        long clock = leases.now(c).toEpochMilli();
        Set<String> earlier = endEarlierProcesses(c, self, clock);
        fenceDeadNodes(c, clock);
        List<Orphan> found = orphans(c);
        if (found.isEmpty()) return List.of();

        List<String> errors = new ArrayList<>();
        for (Orphan o : found) errors.add(why(o, earlier));
        List<RunRecord> abandoned = abandon(c, found, errors, now);
        settleFires(c, abandoned, decider, now);
        return abandoned;
    }

    /** See {@link io.jobwarden.engine.spi.JobStore#abandonUnknownRuns}. */
    List<RunRecord> abandonUnknown(
            Connection c, String nodeId, Set<Long> known, Instant claimedBefore, RetryDecider decider, Instant now)
            throws SQLException {
        List<Orphan> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ownRunning)) {
            ps.setString(1, nodeId);
            Millis.set(ps, 2, claimedBefore);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long runId = rs.getLong("run_id");
                    if (known.contains(runId)) continue;
                    found.add(new Orphan(
                            runId,
                            rs.getString("job_id"),
                            rs.getLong("fire_at"),
                            rs.getInt("attempt"),
                            rs.getString("node_id"),
                            null,
                            null,
                            Millis.get(rs, "started_at"),
                            rs.getString("note")));
                }
            }
        }
        if (found.isEmpty()) return List.of();
        List<String> errors = new ArrayList<>();
        for (Orphan o : found) {
            errors.add("ABANDONED: node " + nodeId + " has no such run: the claim was committed but the node never"
                    + " learnt it (the commit's acknowledgement was lost), so the run never started");
        }
        List<RunRecord> abandoned = abandon(c, found, errors, now);
        settleFires(c, abandoned, decider, now);
        return abandoned;
    }

    private List<RunRecord> abandon(Connection c, List<Orphan> found, List<String> errors, Instant now)
            throws SQLException {
        List<RunRecord> abandoned = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(abandon)) {
            for (int i = 0; i < found.size(); i++) {
                Orphan o = found.get(i);
                String error = errors.get(i);
                Millis.set(ps, 1, now);
                ps.setString(2, error);
                ps.setLong(3, o.runId);
                ps.setString(4, o.jobId);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] <= 0) continue;
                Orphan o = found.get(i);
                abandoned.add(new RunRecord(
                        o.runId,
                        o.jobId,
                        Instant.ofEpochMilli(o.fireAt),
                        o.attempt,
                        RunState.ABANDONED,
                        o.nodeId,
                        o.startedAt,
                        now,
                        null,
                        null,
                        errors.get(i),
                        o.note));
            }
        }
        return abandoned;
    }

    private Set<String> endEarlierProcesses(Connection c, NodeInfo self, long clock) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(earlierProcesses)) {
            ps.setString(1, self.name());
            ps.setString(2, self.nodeId());
            ps.setLong(3, clock);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
        }
        if (ids.isEmpty()) return ids;
        try (PreparedStatement ps = c.prepareStatement(endEarlierLeases)) {
            ps.setLong(1, clock - 1);
            ps.setString(2, self.name());
            ps.setString(3, self.nodeId());
            ps.setLong(4, clock);
            ps.executeUpdate();
        }
        return ids;
    }

    /**
     * Takes the row lock of every node whose lease has lapsed and marks it fenced, before any of its runs is
     * touched: a heartbeat of that node in flight either commits first (and the lapsed lease is renewed, so the
     * node is not fenced and keeps its runs) or waits and then learns it was fenced. Without the lock, a heartbeat
     * that read the clock before recovery could renew the lease after recovery took its runs.
     */
    private void fenceDeadNodes(Connection c, long clock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(fence)) {
            ps.setLong(1, clock);
            ps.executeUpdate();
        }
    }

    private List<Orphan> orphans(Connection c) throws SQLException {
        List<Orphan> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(orphans)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long lease = rs.getLong("lease_until");
                    Long leaseUntil = rs.wasNull() ? null : lease;
                    out.add(new Orphan(
                            rs.getLong("run_id"),
                            rs.getString("job_id"),
                            rs.getLong("fire_at"),
                            rs.getInt("attempt"),
                            rs.getString("node_id"),
                            rs.getString("name"),
                            leaseUntil,
                            Millis.get(rs, "started_at"),
                            rs.getString("note")));
                }
            }
        }
        return out;
    }

    private static String why(Orphan o, Set<String> earlier) {
        if (o.leaseUntil == null) {
            return "ABANDONED: node " + o.nodeId + " is not a member (it left or never joined) and recorded no outcome";
        }
        if (earlier.contains(o.nodeId)) {
            return "ABANDONED: node " + o.nodeName + " restarted; its earlier process " + o.nodeId
                    + " recorded no outcome";
        }
        return "ABANDONED: node " + o.nodeId + " (" + o.nodeName + ") stopped renewing its lease, which expired at "
                + Instant.ofEpochMilli(o.leaseUntil) + ", before it recorded an outcome";
    }

    private void settleFires(Connection c, List<RunRecord> abandoned, RetryDecider decider, Instant now)
            throws SQLException {
        if (abandoned.isEmpty()) return;
        Map<String, String> specs = specs(c, abandoned);
        boolean anyFire = false;
        boolean anyJob = false;
        // Lock order everywhere: runs, then jobs, then fires.
        try (PreparedStatement jobs = c.prepareStatement(restartFixedDelay);
                PreparedStatement fires = c.prepareStatement(settleFire)) {
            for (RunRecord run : abandoned) {
                String stored = specs.get(run.jobId());
                if (stored == null) continue; // the job was deleted, and its fires with it
                JobSpec spec = codec.read(run.jobId(), stored);
                Instant retryAt = decider.retryAt(spec, run.attempt(), RunState.ABANDONED, now);
                Instant next = retryAt == null ? decider.nextFireAfterAbandoned(spec, run.fireAt(), now) : null;
                if (next != null) {
                    Millis.set(jobs, 1, next);
                    jobs.setString(2, run.jobId());
                    jobs.addBatch();
                    anyJob = true;
                }
                fires.setString(1, retryAt == null ? "DONE" : "PENDING");
                Millis.set(fires, 2, retryAt);
                fires.setString(3, run.jobId());
                Millis.set(fires, 4, run.fireAt());
                fires.setInt(5, run.attempt());
                fires.addBatch();
                anyFire = true;
            }
            if (anyJob) jobs.executeBatch();
            if (anyFire) fires.executeBatch();
        }
    }

    private Map<String, String> specs(Connection c, List<RunRecord> runs) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        for (RunRecord run : runs) ids.add(run.jobId());
        Map<String, String> out = new HashMap<>();
        for (List<String> chunk : InList.chunks(new ArrayList<>(ids))) {
            try (PreparedStatement ps = c.prepareStatement(
                    tables.sql("SELECT id, spec FROM {jobs} WHERE id IN " + InList.placeholders(chunk.size())))) {
                InList.bind(ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
