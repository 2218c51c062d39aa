package io.jobwarden.store;

import io.jobwarden.engine.GroupSpec;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.StoredJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The jobs table and its change mark. Every change to a definition or to the paused state bumps the mark in the same
 * transaction and takes its new value as the job's version, so versions only grow, even across a deletion and a new
 * job under the same id. Planning only moves {@code next_fire_at}, which is runtime state, and bumps neither.
 * The copies of priority, group, overlap and paused kept on pending fires follow every change.
 */
final class JobRows {
    static final String COLUMNS =
            "id, spec, origin, paused, next_fire_at, version, updated_at, group_name, priority, overlap";

    private final SpecCodec codec;
    private final Clock clock;
    private final String insert;
    private final String replace;
    private final String copyToPendingFires;
    private final String selectOne;
    private final String selectOneForUpdate;
    private final String selectAll;
    private final String delete;
    private final String deleteFires;
    private final String pause;
    private final String resume;
    private final String pauseFires;
    private final String bumpMark;
    private final String bumpMarkBy;
    private final String insertVersioned;
    private final String readMark;
    private final String setVersion;

    JobRows(Tables t, Dialect dialect, SpecCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
        this.insert = dialect.insertIgnore(
                t.jobs,
                "id, spec, origin, paused, next_fire_at, group_name, priority, overlap, version, updated_at",
                "VALUES (?, ?, ?, FALSE, ?, ?, ?, ?, 0, ?)");
        this.replace = t.sql(
                "UPDATE {jobs} SET spec = ?, origin = ?, next_fire_at = ?, group_name = ?, priority = ?, overlap = ?,"
                        + " updated_at = ? WHERE id = ?");
        this.copyToPendingFires = t.sql(
                "UPDATE {fires} SET group_name = ?, priority = ?, overlap = ? WHERE job_id = ? AND state = 'PENDING'");
        this.selectOne = t.sql("SELECT " + COLUMNS + " FROM {jobs} WHERE id = ?");
        this.selectOneForUpdate = selectOne + dialect.lockForUpdate();
        this.selectAll = t.sql("SELECT " + COLUMNS + " FROM {jobs} ORDER BY id");
        this.delete = t.sql("DELETE FROM {jobs} WHERE id = ?");
        // A deleted job's fires go, done ones too: were the id used again, that is another job.
        this.deleteFires = t.sql("DELETE FROM {fires} WHERE job_id = ?");
        this.pause = t.sql("UPDATE {jobs} SET paused = TRUE, updated_at = ? WHERE id = ?");
        this.resume = t.sql("UPDATE {jobs} SET paused = FALSE, next_fire_at = ?, updated_at = ? WHERE id = ?");
        this.pauseFires = t.sql("UPDATE {fires} SET paused = ? WHERE job_id = ? AND state = 'PENDING'");
        this.bumpMark = t.sql("UPDATE {mark} SET mark = mark + 1 WHERE id = 1");
        this.bumpMarkBy = t.sql("UPDATE {mark} SET mark = mark + ? WHERE id = 1");
        // The definition's columns in setDefinition's order, as in insert, then the version and the file hash.
        this.insertVersioned = t.sql("INSERT INTO {jobs} (id, spec, origin, paused, next_fire_at, group_name, priority,"
                + " overlap, updated_at, version, config_hash) VALUES (?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, ?)");
        this.readMark = t.sql("SELECT mark FROM {mark} WHERE id = 1");
        this.setVersion = t.sql("UPDATE {jobs} SET version = ? WHERE id = ?");
    }

    static int priorityOf(JobSpec spec) {
        return spec.priority() == null ? GroupSpec.DEFAULT_PRIORITY : spec.priority();
    }

    boolean create(Connection c, JobSpec spec, JobOrigin origin, Instant nextFireAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, spec.id());
            setDefinition(ps, 2, codec.write(spec), spec, origin, nextFireAt);
            if (ps.executeUpdate() == 0) return false;
        }
        changed(c, spec.id());
        return true;
    }

    /**
     * The columns a job's definition writes, in the order the {@code insert} and {@code insertVersioned} (after the
     * id) and the {@code replace} (before it) list them: spec (its stored text), origin, next fire, group, priority,
     * overlap, updated at.
     *
     * @return the index of the next parameter
     */
    private int setDefinition(
            PreparedStatement ps, int first, String text, JobSpec spec, JobOrigin origin, Instant nextFireAt)
            throws SQLException {
        ps.setString(first, text);
        ps.setString(first + 1, origin.name());
        Millis.set(ps, first + 2, nextFireAt);
        ps.setString(first + 3, spec.group());
        ps.setInt(first + 4, priorityOf(spec));
        ps.setString(first + 5, spec.overlap().name());
        ps.setLong(first + 6, clock.millis());
        return first + 7;
    }

    /** A job to create with {@link #createAll}: its stored text already made ({@link SpecCodec#encode}). */
    record NewJob(JobSpec spec, String text, Instant nextFireAt, String configHash) {}

    /** Statements a batch of {@link #createAll} sends at once: bounds the driver's buffers, not the transaction. */
    private static final int BATCH = 500;

    /**
     * Creates jobs whose ids the caller knows to be free, under the change mark's lock (a config sync, which read
     * them under it): one batch of inserts instead of a read, an insert and three statements for the version and
     * file hash of each, each prepared anew (115 ms for a thousand jobs on a new SQLite store, bench/FOOTPRINT.md
     * round ten). Their versions come from one bump of the mark by their number, in
     * the list's order, so they stay unique and growing as if made one by one. A plain insert: an id that was not
     * free after all fails the transaction, as {@link #create}'s caller would.
     */
    void createAll(Connection c, JobOrigin origin, List<NewJob> created) throws SQLException {
        if (created.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(bumpMarkBy)) {
            ps.setLong(1, created.size());
            ps.executeUpdate();
        }
        long version = changeMark(c) - created.size();
        try (PreparedStatement ps = c.prepareStatement(insertVersioned)) {
            int pending = 0;
            for (NewJob job : created) {
                ps.setString(1, job.spec().id());
                int next = setDefinition(ps, 2, job.text(), job.spec(), origin, job.nextFireAt());
                ps.setLong(next, ++version);
                ps.setString(next + 1, job.configHash());
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) ps.executeBatch();
        }
    }

    void put(Connection c, JobSpec spec, JobOrigin origin, Instant nextFireAt) throws SQLException {
        if (create(c, spec, origin, nextFireAt)) return;
        replace(c, spec, origin, nextFireAt);
    }

    /**
     * The next fire is chosen from the row as it is under its lock, in the transaction that writes it: read in one
     * transaction and written back in another, a next fire moved meanwhile by planning or by a run's end (a
     * fixed-delay job's only one) would be overwritten with a stale value, and such a job could stop for good.
     */
    void put(Connection c, JobSpec spec, JobOrigin origin, Function<Optional<StoredJob>, Instant> nextFire)
            throws SQLException {
        for (int tries = 0; tries < 3; tries++) {
            Optional<StoredJob> existing = findForUpdate(c, spec.id());
            Instant next = nextFire.apply(existing);
            if (existing.isPresent()) {
                replace(c, spec, origin, next);
                return;
            }
            // Another writer created the job between our read and our insert; its row can be locked now.
            if (create(c, spec, origin, next)) return;
        }
        throw new IllegalStateException("job '" + spec.id() + "' kept being created and deleted while being stored");
    }

    void replace(Connection c, JobSpec spec, JobOrigin origin, Instant nextFireAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(replace)) {
            int next = setDefinition(ps, 1, codec.write(spec), spec, origin, nextFireAt);
            ps.setString(next, spec.id());
            ps.executeUpdate();
        }
        changed(c, spec.id());
        try (PreparedStatement ps = c.prepareStatement(copyToPendingFires)) {
            ps.setString(1, spec.group());
            ps.setInt(2, priorityOf(spec));
            ps.setString(3, spec.overlap().name());
            ps.setString(4, spec.id());
            ps.executeUpdate();
        }
    }

    Optional<StoredJob> find(Connection c, String id) throws SQLException {
        return find(c, id, selectOne);
    }

    /** The job as it is under its row lock, held until the transaction ends. */
    Optional<StoredJob> findForUpdate(Connection c, String id) throws SQLException {
        return find(c, id, selectOneForUpdate);
    }

    private Optional<StoredJob> find(Connection c, String id, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    List<StoredJob> all(Connection c) throws SQLException {
        List<StoredJob> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(selectAll);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(read(rs));
        }
        return out;
    }

    boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(delete)) {
            ps.setString(1, id);
            if (ps.executeUpdate() == 0) return false;
        }
        bumpMark(c);
        try (PreparedStatement ps = c.prepareStatement(deleteFires)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        return true;
    }

    boolean setPaused(Connection c, String id, boolean paused, Instant nextFireAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(paused ? pause : resume)) {
            int i = 1;
            if (!paused) Millis.set(ps, i++, nextFireAt);
            ps.setLong(i++, clock.millis());
            ps.setString(i, id);
            if (ps.executeUpdate() == 0) return false;
        }
        changed(c, id);
        try (PreparedStatement ps = c.prepareStatement(pauseFires)) {
            ps.setBoolean(1, paused);
            ps.setString(2, id);
            ps.executeUpdate();
        }
        return true;
    }

    long changeMark(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(readMark);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    StoredJob read(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new StoredJob(
                codec.read(id, rs.getString("spec")),
                JobOrigin.valueOf(rs.getString("origin")),
                rs.getBoolean("paused"),
                Millis.get(rs, "next_fire_at"),
                rs.getLong("version"),
                Millis.get(rs, "updated_at"));
    }

    /** Lock order: the job row first (just written), then the mark row, then fires. */
    private void changed(Connection c, String id) throws SQLException {
        bumpMark(c);
        try (PreparedStatement ps = c.prepareStatement(setVersion)) {
            ps.setLong(1, changeMark(c));
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private void bumpMark(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(bumpMark)) {
            ps.executeUpdate();
        }
    }
}
