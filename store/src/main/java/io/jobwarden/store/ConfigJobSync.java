package io.jobwarden.store;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.spi.ConfigSyncResult;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.StoredJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Writes the config file's jobs at a node's start (docs/semantics.md, "Config jobs and API edits"). Two rules make
 * it safe for several nodes with files of different ages, and for API edits of config jobs:
 *
 * <ul>
 *   <li>Revisions of the file's jobs are numbered in the order nodes first sync them. A node whose revision is older
 *       than the newest one writes nothing, so a node started with a stale file neither reverts nor deletes what a
 *       newer file added.
 *   <li>Each job keeps the hash of the file definition it was last written from. An API edit makes the job
 *       API-owned and keeps that hash: while the file's definition still hashes the same, the edit stands.
 * </ul>
 *
 * The change mark's row is locked first, so syncs (and every job change) are serialized and revisions numbered
 * without gaps or ties.
 */
final class ConfigJobSync {
    private final SpecCodec codec;
    private final JobRows jobs;
    private final Clock clock;
    private final Dialect dialect;
    private final String lockMark;
    private final String findRevision;
    private final String newestRevision;
    private final String insertRevision;
    private final String setConfigHash;
    private final String configJobIds;
    private final String promoteRevision;
    private final Tables tables;

    /** Read from an index of config jobs alone (migration V7): API jobs, however many, are not read at every start. */
    static final String CONFIG_JOB_IDS = "SELECT id FROM {jobs} WHERE origin = 'CONFIG'";

    /** What a job's row says of the file definition it was last written from. */
    private record FileRow(String id, JobOrigin origin, String configHash, String spec) {}

    ConfigJobSync(Tables t, Dialect dialect, SpecCodec codec, JobRows jobs, Clock clock) {
        this.tables = t;
        this.codec = codec;
        this.jobs = jobs;
        this.clock = clock;
        this.dialect = dialect;
        this.lockMark = t.sql("UPDATE {mark} SET mark = mark + 1 WHERE id = 1");
        this.findRevision = t.sql("SELECT ordinal FROM {config_revisions} WHERE revision = ?");
        this.newestRevision = t.sql("SELECT revision, ordinal FROM {config_revisions} ORDER BY ordinal DESC LIMIT 1");
        this.insertRevision =
                t.sql("INSERT INTO {config_revisions} (revision, ordinal, first_synced_at) VALUES (?, ?, ?)");
        this.setConfigHash = t.sql("UPDATE {jobs} SET config_hash = ? WHERE id = ?");
        this.configJobIds = t.sql(CONFIG_JOB_IDS);
        this.promoteRevision = t.sql("UPDATE {config_revisions} SET ordinal = ? WHERE revision = ?");
    }

    ConfigSyncResult sync(
            Connection c,
            List<JobSpec> configJobs,
            BiFunction<JobSpec, Optional<StoredJob>, Instant> nextFire,
            boolean deliberate)
            throws SQLException {
        // Before the lock, and on every core: converting each definition to its text and digest is most of the work of
        // a sync that finds every job unchanged (a node's restart), and needs nothing from the database.
        List<SpecCodec.Encoded> encodings =
                configJobs.parallelStream().map(codec::encode).toList();
        TreeMap<String, SpecCodec.Encoded> encoded = new TreeMap<>();
        for (int i = 0; i < configJobs.size(); i++)
            encoded.put(configJobs.get(i).id(), encodings.get(i));
        try (PreparedStatement ps = c.prepareStatement(lockMark)) {
            ps.executeUpdate();
        }
        String revision = revisionOf(encoded);
        String newer = newerRevision(c, revision, deliberate);
        List<String> created = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        if (newer != null) return new ConfigSyncResult(revision, newer, created, replaced, kept, deleted);

        Map<String, FileRow> rows = fileRows(c, configJobs);
        List<JobRows.NewJob> absent = new ArrayList<>();
        for (JobSpec spec : configJobs) {
            SpecCodec.Encoded encoding = encoded.get(spec.id());
            String hash = encoding.hash();
            FileRow row = rows.get(spec.id());
            if (row == null) {
                // A new job, created with the others in one batch below. A creation elsewhere meanwhile cannot commit
                // before this sync (it takes the change mark's lock); its row then fails the batch's insert.
                absent.add(new JobRows.NewJob(spec, encoding.json(), nextFire.apply(spec, Optional.empty()), hash));
                created.add(spec.id());
                continue;
            }
            if (unchanged(hash, encoding.json(), row, kept)) continue;
            Optional<StoredJob> existing = jobs.findForUpdate(c, spec.id());
            if (existing.isEmpty()) {
                if (!jobs.create(c, spec, JobOrigin.CONFIG, nextFire.apply(spec, existing)))
                    throw new SQLException("job '" + spec.id() + "' appeared while its row was locked");
                created.add(spec.id());
            } else {
                StoredJob job = existing.get();
                // The file hash read above still holds (see unchanged): only a sync writes it.
                boolean fileUnchanged = row != null && hash.equals(row.configHash());
                if (fileUnchanged && job.origin() == JobOrigin.API) {
                    kept.add(spec.id());
                    continue;
                }
                if (fileUnchanged && job.spec().equals(spec)) continue;
                jobs.replace(c, spec, JobOrigin.CONFIG, nextFire.apply(spec, existing));
                replaced.add(spec.id());
            }
            try (PreparedStatement ps = c.prepareStatement(setConfigHash)) {
                ps.setString(1, hash);
                ps.setString(2, spec.id());
                ps.executeUpdate();
            }
        }
        jobs.createAll(c, JobOrigin.CONFIG, absent);
        for (String id : configJobIds(c)) {
            if (encoded.containsKey(id)) continue;
            if (jobs.delete(c, id)) deleted.add(id);
        }
        return new ConfigSyncResult(revision, null, created, replaced, kept, deleted);
    }

    /**
     * The restart of a node with the same file, without reading each job's row and parsing its definition (that
     * took 300 ms for a thousand jobs, a third of a worker's start): a job whose row holds this very definition,
     * written from the same file definition, is left as it is, and one the API took over from an unchanged file
     * definition is kept. A changed or older-encoded job goes the way of the row-by-row read below, which decides as
     * before; a new one is created in a batch. The rows are read without a lock: every change of a job takes the change
     * mark's lock before it commits, and this sync holds that lock, so what was read stays true until it commits.
     */
    private static boolean unchanged(String hash, String text, FileRow row, List<String> kept) {
        if (row == null || !hash.equals(row.configHash())) return false;
        if (row.origin() == JobOrigin.API) {
            kept.add(row.id());
            return true;
        }
        return row.origin() == JobOrigin.CONFIG && text.equals(row.spec());
    }

    /** The rows of the file's jobs that exist, by id, a few hundred ids a statement (the key's index, no scan). */
    private Map<String, FileRow> fileRows(Connection c, List<JobSpec> configJobs) throws SQLException {
        Map<String, FileRow> rows = new HashMap<>();
        List<String> ids = new ArrayList<>(configJobs.size());
        for (JobSpec spec : configJobs) ids.add(spec.id());
        for (List<String> chunk : InList.chunks(ids)) {
            String sql = tables.sql("SELECT id, origin, config_hash, spec FROM {jobs} WHERE id IN "
                    + InList.placeholders(chunk.size()));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                InList.bind(ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        rows.put(
                                id,
                                new FileRow(id, JobOrigin.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        return rows;
    }

    /** The same set of definitions is the same revision, whatever their order in the file. */
    private String revisionOf(TreeMap<String, SpecCodec.Encoded> encoded) {
        StringBuilder all = new StringBuilder();
        encoded.forEach((id, e) -> all.append(id).append('=').append(e.hash()).append('\n'));
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Registers {@code revision} when it is new (as the newest), or makes a known one the newest when the sync is
     * deliberate; returns the newest one if that is not it.
     */
    private String newerRevision(Connection c, String revision, boolean deliberate) throws SQLException {
        Long ordinal = null;
        try (PreparedStatement ps = c.prepareStatement(findRevision)) {
            ps.setString(1, revision);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) ordinal = rs.getLong(1);
            }
        }
        String newestId = null;
        long newest = 0;
        try (PreparedStatement ps = c.prepareStatement(newestRevision);
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                newestId = rs.getString(1);
                newest = rs.getLong(2);
            }
        }
        if (ordinal == null) {
            try (PreparedStatement ps = c.prepareStatement(insertRevision)) {
                ps.setString(1, revision);
                ps.setLong(2, newest + 1);
                ps.setLong(3, dialect.nowMillis(c, clock));
                ps.executeUpdate();
            }
            return null;
        }
        if (ordinal < newest && deliberate) {
            try (PreparedStatement ps = c.prepareStatement(promoteRevision)) {
                ps.setLong(1, newest + 1);
                ps.setString(2, revision);
                ps.executeUpdate();
            }
            return null;
        }
        return ordinal < newest ? newestId : null;
    }

    private Set<String> configJobIds(Connection c) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(configJobIds);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        return ids;
    }
}
