package io.jobwarden.store;

import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a fire is claimed: moves pending fires to {@code RUNNING} for one node and records their runs, in one
 * transaction and a handful of round trips however many fires it takes.
 *
 * <p>Nodes never wait for each other and never claim the same fire: candidate fires are locked with SKIP LOCKED,
 * so a fire another node is claiming is passed over. The overlap policy holds across nodes because the job rows of
 * the candidates are locked too (again skipping those another node holds): whoever holds a job's row is the only
 * one starting its fires, and it sees every run of that job committed before it. The rule itself is
 * {@link OverlapPolicy}'s. On SQLite the single writer gives
 * the same guarantees without locks.
 */
final class FireClaimer {
    private static final String SKIPPED_NOTE = "skipped: the previous run of this job was still running";
    private static final int RUN_ROWS_PER_INSERT = 256;
    private static final Comparator<Candidate> CLAIM_ORDER = Comparator.comparingInt(Candidate::priority)
            .reversed()
            .thenComparingLong(Candidate::dueAt)
            .thenComparing(Candidate::jobId)
            .thenComparingLong(Candidate::fireAt);

    private record Candidate(String jobId, long fireAt, int attempt, int priority, long dueAt, String note) {}

    private record LockedJob(boolean paused, OverlapPolicy overlap, String spec) {}

    /** @param startAt when the run starts: the claim's instant, or the fire's due time when claimed ahead of it */
    private record Decision(Candidate fire, RunState state, long startAt) {}

    private final Tables tables;
    private final Dialect dialect;
    private final SpecCodec codec;
    private final String selectCandidates;
    private final String markFire;

    FireClaimer(Tables t, Dialect dialect, SpecCodec codec) {
        this.tables = t;
        this.dialect = dialect;
        this.codec = codec;
        // The WAIT verdict of OverlapPolicy#decide, in SQL: such fires are left out here so they cannot crowd the
        // batch. The claim loop below decides the rest with OverlapPolicy itself.
        this.selectCandidates = t.sql("SELECT job_id, fire_at, attempt, priority, due_at, note FROM {fires} f"
                        + " WHERE state = 'PENDING' AND paused = FALSE AND group_name = ? AND due_at <= ?"
                        + " AND NOT (overlap <> 'ALLOW' AND EXISTS (SELECT 1 FROM {runs} r WHERE r.job_id = f.job_id AND r.state = 'RUNNING'"
                        + " AND (f.overlap = 'QUEUE' OR r.started_at > f.fire_at)))"
                        + " ORDER BY priority DESC, due_at, job_id, fire_at LIMIT ?")
                + dialect.lockSkipLocked();
        this.markFire =
                t.sql("UPDATE {fires} SET state = ?, attempt = ?, owner_node = ? WHERE job_id = ? AND fire_at = ?");
    }

    List<ClaimedRun> claim(Connection c, ClaimRequest request) throws SQLException {
        List<Candidate> candidates = candidates(c, request);
        if (candidates.isEmpty()) return List.of();
        Map<String, LockedJob> jobs = lockJobs(c, candidates);
        Map<String, Long> runningSince = runningJobs(c, jobs);

        long now = request.now().toEpochMilli();
        List<Decision> decisions = new ArrayList<>();
        for (Candidate fire : candidates) {
            LockedJob job = jobs.get(fire.jobId);
            if (job == null || job.paused) continue; // another node holds the job, or it was just paused or deleted
            Long since = runningSince.get(fire.jobId);
            boolean ahead = fire.dueAt > now;
            switch (job.overlap.decide(
                    Instant.ofEpochMilli(fire.fireAt), since == null ? null : Instant.ofEpochMilli(since))) {
                // Not yet due: the run in progress may end before the fire's instant, so it is decided then.
                case SKIP -> {
                    if (!ahead) decisions.add(new Decision(fire, RunState.SKIPPED, now));
                }
                case WAIT -> {}
                case START -> {
                    long startAt = Math.max(now, fire.dueAt);
                    // The run started here counts for the fires of the same job later in this batch.
                    runningSince.putIfAbsent(fire.jobId, startAt);
                    decisions.add(new Decision(fire, RunState.RUNNING, startAt));
                }
            }
        }
        if (decisions.isEmpty()) return List.of();
        markFires(c, decisions, request.nodeId());
        Map<String, Long> runIds = insertRuns(c, decisions, request);

        List<ClaimedRun> claimed = new ArrayList<>();
        for (Decision d : decisions) {
            if (d.state != RunState.RUNNING) continue;
            Candidate fire = d.fire;
            claimed.add(new ClaimedRun(
                    runIds.get(key(fire.jobId, fire.fireAt)),
                    codec.read(fire.jobId, jobs.get(fire.jobId).spec),
                    Instant.ofEpochMilli(fire.fireAt),
                    fire.attempt + 1,
                    request.now(),
                    fire.note,
                    Instant.ofEpochMilli(d.startAt)));
        }
        return claimed;
    }

    /** Per group, at most its free slots; then the best {@code limit} of them over all groups. */
    private List<Candidate> candidates(Connection c, ClaimRequest request) throws SQLException {
        if (request.limit() <= 0) return List.of();
        List<Candidate> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(selectCandidates)) {
            for (Map.Entry<String, Integer> slots : new TreeMap<>(request.freeSlots()).entrySet()) {
                if (slots.getValue() == null || slots.getValue() <= 0) continue;
                ps.setString(1, slots.getKey());
                ps.setLong(2, request.until().toEpochMilli());
                ps.setInt(3, Math.min(slots.getValue(), request.limit()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Candidate(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getInt(3),
                                rs.getInt(4),
                                rs.getLong(5),
                                rs.getString(6)));
                    }
                }
            }
        }
        out.sort(CLAIM_ORDER);
        return out.size() <= request.limit() ? out : out.subList(0, request.limit());
    }

    private Map<String, LockedJob> lockJobs(Connection c, List<Candidate> candidates) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        for (Candidate fire : candidates) ids.add(fire.jobId);
        Map<String, LockedJob> out = new HashMap<>();
        dialect.preferIndexes(c);
        for (List<String> chunk : InList.chunks(new ArrayList<>(ids))) {
            String sql = tables.sql("SELECT id, paused, overlap, spec FROM {jobs} WHERE id IN "
                            + InList.placeholders(chunk.size()))
                    + dialect.lockSkipLocked();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                InList.bind(ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(
                                rs.getString(1),
                                new LockedJob(
                                        rs.getBoolean(2), OverlapPolicy.valueOf(rs.getString(3)), rs.getString(4)));
                    }
                }
            }
        }
        return out;
    }

    /** For the locked jobs whose overlap policy cares: when their earliest run in progress (on any node) started. */
    private Map<String, Long> runningJobs(Connection c, Map<String, LockedJob> jobs) throws SQLException {
        List<String> ids = new ArrayList<>();
        jobs.forEach((id, job) -> {
            if (job.overlap != OverlapPolicy.ALLOW) ids.add(id);
        });
        Map<String, Long> out = new HashMap<>();
        for (List<String> chunk : InList.chunks(ids)) {
            String sql = tables.sql("SELECT job_id, MIN(started_at) FROM {runs} WHERE state = 'RUNNING' AND job_id IN "
                    + InList.placeholders(chunk.size()) + " GROUP BY job_id");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                InList.bind(ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private void markFires(Connection c, List<Decision> decisions, String nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(markFire)) {
            for (Decision d : decisions) {
                ps.setString(1, d.state == RunState.RUNNING ? "RUNNING" : "DONE");
                ps.setInt(2, d.fire.attempt + 1);
                ps.setString(3, nodeId);
                ps.setString(4, d.fire.jobId);
                ps.setLong(5, d.fire.fireAt);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Multi-row INSERT ... RETURNING: the run ids of a whole batch in one round trip, on all three dialects. */
    private Map<String, Long> insertRuns(Connection c, List<Decision> decisions, ClaimRequest request)
            throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        for (int from = 0; from < decisions.size(); from += RUN_ROWS_PER_INSERT) {
            List<Decision> chunk = decisions.subList(from, Math.min(decisions.size(), from + RUN_ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder(
                    tables.sql(
                            "INSERT INTO {runs} (job_id, fire_at, attempt, state, node_id, started_at, ended_at, note) VALUES "));
            for (int i = 0; i < chunk.size(); i++)
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
            sql.append(" RETURNING run_id, job_id, fire_at");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (Decision d : chunk) {
                    boolean skipped = d.state == RunState.SKIPPED;
                    ps.setString(p++, d.fire.jobId);
                    ps.setLong(p++, d.fire.fireAt);
                    ps.setInt(p++, d.fire.attempt + 1);
                    ps.setString(p++, d.state.name());
                    ps.setString(p++, request.nodeId());
                    ps.setLong(p++, d.startAt);
                    if (skipped) ps.setLong(p++, d.startAt);
                    else ps.setNull(p++, Types.BIGINT);
                    String note = skipped
                            ? (d.fire.note == null ? SKIPPED_NOTE : d.fire.note + "; " + SKIPPED_NOTE)
                            : d.fire.note;
                    if (note == null) ps.setNull(p++, Types.VARCHAR);
                    else ps.setString(p++, StoredText.note(note));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.put(key(rs.getString(2), rs.getLong(3)), rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static String key(String jobId, long fireAt) {
        return fireAt + "/" + jobId;
    }
}
