package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.HistoryRetention;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.spi.JobOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The retention rules of {@link JdbcJobStore#pruneHistory} on every database: which runs and fires go, and which
 * must stay (running runs, fires the planner could plan again). History is written straight into the tables so
 * that a year of it takes seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HistoryPruningContract {
    private static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private final String prefix = StoreTarget.uniquePrefix();
    private JdbcJobStore store;
    /** One connection for writing and reading history directly: opening one per statement costs more than the SQL. */
    private Connection db;

    protected abstract StoreTarget target();

    @BeforeAll
    void openStore() {
        store = target().open(StoreOptions.defaults().withTablePrefix(prefix).withMaxPoolSize(2));
        try {
            db = target().connect();
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void dropStore() {
        if (store != null) store.close();
        try {
            if (db != null) db.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        target().dropTables(prefix);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String table : List.of("runs", "fires", "jobs", "nodes"))
                s.executeUpdate("DELETE FROM " + prefix + table);
        }
    }

    @Test
    void runsOlderThanKeepDaysGoAndNewerOnesStay() throws SQLException {
        addJob("a", NOW.plusSeconds(60));
        history("a", NOW.minus(Duration.ofDays(40)), 5, "SUCCEEDED");
        history("a", NOW.minus(Duration.ofDays(10)), 3, "FAILED");

        long deleted = store.pruneHistory(new HistoryRetention(30, 1000), NOW);

        assertThat(runFireTimes("a")).hasSize(3).allMatch(t -> t.isAfter(NOW.minus(Duration.ofDays(30))));
        assertThat(deleted).isEqualTo(5 + 5); // five runs and their five fires
    }

    @Test
    void onlyTheNewestRunsPerJobStayAndEachJobCountsAlone() throws SQLException {
        addJob("a", NOW.plusSeconds(60));
        addJob("b", NOW.plusSeconds(60));
        history("a", NOW.minus(DAY), 12, "SUCCEEDED");
        history("b", NOW.minus(DAY), 4, "SUCCEEDED");

        store.pruneHistory(new HistoryRetention(30, 5), NOW);

        List<Long> kept = runIds("a");
        assertThat(kept).hasSize(5);
        assertThat(store.runs("a", 5, null)).extracting(r -> r.runId()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(runIds("b")).hasSize(4);
    }

    @Test
    void aRunningRunIsNeverPrunedHoweverOldOrMany() throws SQLException {
        addJob("a", NOW.plusSeconds(60));
        history("a", NOW.minus(Duration.ofDays(400)), 1, "RUNNING");
        history("a", NOW.minus(DAY), 3, "SUCCEEDED");

        store.pruneHistory(new HistoryRetention(1, 1), NOW);

        assertThat(states("a")).containsExactlyInAnyOrder("RUNNING", "SUCCEEDED");
        assertThat(fireStates("a")).contains("RUNNING");
    }

    @Test
    void fireRowsThePlannerCouldPlanAgainStay() throws SQLException {
        Instant next = NOW.minus(Duration.ofDays(50)); // an instance that was down: the job is due since then
        addJob("late", next);
        history("late", NOW.minus(Duration.ofDays(60)), 3, "SUCCEEDED");
        // A fire at the job's next instant, done long ago, and one after it: planning would plan both again.
        fire("late", next, "DONE");
        fire("late", next.plusSeconds(60), "DONE");

        addJob("once", null); // an @at job: its one fire is its newest fire
        history("once", NOW.minus(Duration.ofDays(90)), 1, "SUCCEEDED");

        fire("recent", NOW.minus(Duration.ofMinutes(30)), "DONE"); // within the clock margin
        fire("recent", NOW.minus(Duration.ofMinutes(20)), "DONE");
        fire("pending", NOW.minus(Duration.ofDays(90)), "PENDING"); // a retry waiting
        fire("pending", NOW.minus(Duration.ofDays(80)), "DONE");

        store.pruneHistory(new HistoryRetention(1, 1), NOW);

        assertThat(fireTimes("late")).containsExactly(next, next.plusSeconds(60));
        assertThat(runIds("late")).isEmpty();
        assertThat(fireTimes("once")).hasSize(1);
        assertThat(runIds("once")).isEmpty();
        assertThat(fireTimes("recent")).hasSize(2);
        assertThat(fireTimes("pending")).hasSize(2);
    }

    @Test
    void aDeletedJobsHistoryIsPrunedDownToItsNewestFire() throws SQLException {
        history("gone", NOW.minus(Duration.ofDays(40)), 4, "SUCCEEDED");

        store.pruneHistory(new HistoryRetention(30, 1000), NOW);

        assertThat(runIds("gone")).isEmpty();
        assertThat(fireTimes("gone")).hasSize(1);
    }

    @Test
    void aBacklogLargerThanOneBatchIsPrunedInOnePassAndASecondPassFindsNothing() throws SQLException {
        addJob("busy", NOW.plusSeconds(1));
        int n = HistoryPruning.BATCH * 2 + 137;
        history("busy", NOW.minus(Duration.ofDays(2)), n, "SUCCEEDED");

        long deleted = store.pruneHistory(new HistoryRetention(30, 10), NOW);

        assertThat(runIds("busy")).hasSize(10);
        assertThat(fireTimes("busy")).hasSize(10);
        assertThat(deleted).isEqualTo(2L * (n - 10));
        assertThat(store.pruneHistory(new HistoryRetention(30, 10), NOW)).isZero();
    }

    /**
     * A year of a job firing every second, scaled: each simulated day writes that day's history at one fire per
     * {@code step}; every simulated week ends with a prune. The pruning thread prunes every minute; a week between
     * prunes only makes the test quicker, the bounds hold at every prune all the same. The count limit holds the
     * busy job, the day limit the sparse one, and the fire rows follow their runs. The store's size after half a year
     * and after the year is printed (the test's output file in target/surefire-reports) and must not have grown.
     */
    @Test
    void aYearOfHistoryStaysBoundedByTheKeepLimits() throws SQLException {
        HistoryRetention retention = new HistoryRetention(30, 200);
        Duration busyStep = Duration.ofMinutes(5); // 288 a day: the count limit binds
        Duration sparseStep = Duration.ofHours(6); // 4 a day: the day limit binds
        Instant start = NOW.minus(Duration.ofDays(52 * 7));
        addJob("busy", start);
        addJob("sparse", start);
        long written = 0;
        long pruned = 0;
        long halfYearBytes = 0;
        for (int day = 0; day < 52 * 7; day++) {
            Instant dayStart = start.plus(DAY.multipliedBy(day));
            Instant dayEnd = dayStart.plus(DAY);
            written += everyStep("busy", dayStart, busyStep);
            written += everyStep("sparse", dayStart, sparseStep);
            setNextFire("busy", dayEnd);
            setNextFire("sparse", dayEnd);

            if (day % 7 != 6) continue;

            pruned += store.pruneHistory(retention, dayEnd);
            autovacuum();

            assertThat(runIds("busy")).hasSizeLessThanOrEqualTo(200);
            assertThat(runIds("sparse")).hasSizeLessThanOrEqualTo(31 * 4);
            // Runs kept, plus the last hour's fires (the clock margin), plus the newest fire.
            assertThat(fireTimes("busy")).hasSizeLessThanOrEqualTo(200 + 12 + 1);
            assertThat(fireTimes("sparse")).hasSizeLessThanOrEqualTo(31 * 4 + 1);
            if (day == 26 * 7 - 1) halfYearBytes = storeBytes();
        }
        assertThat(runIds("busy")).hasSize(200);
        assertThat(runIds("sparse")).hasSizeGreaterThanOrEqualTo(30 * 4);
        long yearBytes = storeBytes();
        System.out.printf(
                "[%s] simulated year (364 days, weekly prunes, keep-days 30, keep-runs-per-job 200): %,d runs and as"
                        + " many fire rows written, %,d rows pruned; left: busy %d runs / %d fire rows, sparse %d runs"
                        + " / %d fire rows; store %s after half a year, %s after the year (%s)%n",
                target(),
                written,
                pruned,
                runIds("busy").size(),
                fireTimes("busy").size(),
                runIds("sparse").size(),
                fireTimes("sparse").size(),
                kib(halfYearBytes),
                kib(yearBytes),
                storeSize());
        if (!target().name().equals("mariadb")) // InnoDB's sizes are estimates
        assertThat(yearBytes)
                    .as("the space of pruned rows is used again: the store stays as large as a week's history")
                    .isLessThanOrEqualTo(halfYearBytes + halfYearBytes / 10);
    }

    /**
     * PostgreSQL makes the space of deleted rows usable again when it vacuums a table, which autovacuum does many
     * times in a real week (it wakes every minute); a simulated week takes a fraction of a second, so the test does it.
     * SQLite reuses free pages at once, InnoDB's purge thread frees deleted rows by itself.
     */
    private void autovacuum() throws SQLException {
        if (!target().name().equals("postgresql")) return;
        try (Statement s = db.createStatement()) {
            s.execute("VACUUM " + prefix + "runs, " + prefix + "fires");
        }
    }

    /**
     * Six hours of a job firing every second, pruned every minute as the pruning thread does, at the defaults
     * ({@code keep-days: 30, keep-runs-per-job: 1000}): from the first hour and 17 minutes on, the store holds the
     * newest 1000 runs, and fire rows only for those and for the last hour (the clock margin), so the hours after
     * that add nothing. The figures are printed.
     */
    @Test
    void aJobFiringEverySecondPrunedEveryMinuteKeepsAThousandRunsAndAnHourOfFires() throws SQLException {
        HistoryRetention retention = HistoryRetention.DEFAULT;
        int hours = 6;
        Instant start = NOW.minus(Duration.ofHours(hours));
        addJob("every-second", start);
        long pruned = 0;
        int mostRuns = 0;
        for (int minute = 0; minute < hours * 60; minute++) {
            Instant from = start.plus(Duration.ofMinutes(minute));
            List<Instant> at = new ArrayList<>();
            for (int second = 0; second < 60; second++) at.add(from.plusSeconds(second));
            write("every-second", at, "SUCCEEDED");
            Instant end = from.plus(Duration.ofMinutes(1));
            setNextFire("every-second", end);
            pruned += store.pruneHistory(retention, end);
            if (minute % 60 == 59) {
                int runs = count("runs", "every-second");
                mostRuns = Math.max(mostRuns, runs);
                assertThat(runs).isLessThanOrEqualTo(1000);
                assertThat(count("fires", "every-second")).isLessThanOrEqualTo(1000 + 3600 + 1);
            }
        }
        int runs = count("runs", "every-second");
        int fires = count("fires", "every-second");
        assertThat(runs).isEqualTo(1000);
        assertThat(fires).isBetween(3600, 3601);
        System.out.printf(
                "[%s] %d hours of an every-second job, pruned every minute at the defaults: %,d runs and fire rows"
                        + " written, %,d rows pruned; left %d runs and %d fire rows (at most %d runs at any full hour);"
                        + " store %s%n",
                target(), hours, hours * 3600, pruned, runs, fires, mostRuns, storeSize());
    }
    // ---- writing history straight into the tables ---------------------------------------------------------------

    private void addJob(String id, Instant nextFireAt) {
        JobSpec spec = JobSpec.builder(id, "@every 1m", "shell")
                .zone(ZoneOffset.UTC)
                .settings(Map.of("command", List.of("true")))
                .group("default")
                .build();
        store.createJob(spec, JobOrigin.API, nextFireAt);
    }

    private void setNextFire(String id, Instant at) throws SQLException {
        try (PreparedStatement ps =
                db.prepareStatement("UPDATE " + prefix + "jobs SET next_fire_at = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** {@code count} fires a minute apart from {@code first}, each with one run in {@code state}. */
    private void history(String job, Instant first, int count, String state) throws SQLException {
        List<Instant> at = new ArrayList<>();
        for (int i = 0; i < count; i++) at.add(first.plusSeconds(60L * i));
        write(job, at, state);
    }

    private int everyStep(String job, Instant dayStart, Duration step) throws SQLException {
        List<Instant> at = new ArrayList<>();
        for (Instant t = dayStart; t.isBefore(dayStart.plus(DAY)); t = t.plus(step)) at.add(t);
        write(job, at, "SUCCEEDED");
        return at.size();
    }

    private void write(String job, List<Instant> fireTimes, String state) throws SQLException {
        boolean running = state.equals("RUNNING");
        db.setAutoCommit(false);
        try {
            try (PreparedStatement f = db.prepareStatement(fireInsert());
                    PreparedStatement r = db.prepareStatement("INSERT INTO " + prefix
                            + "runs (job_id, fire_at, attempt, state, node_id, started_at, ended_at)"
                            + " VALUES (?, ?, 1, ?, 'n', ?, ?)")) {
                for (Instant t : fireTimes) {
                    bindFire(f, job, t, running ? "RUNNING" : "DONE");
                    f.addBatch();
                    r.setString(1, job);
                    r.setLong(2, t.toEpochMilli());
                    r.setString(3, state);
                    r.setLong(4, t.toEpochMilli());
                    if (running) r.setNull(5, java.sql.Types.BIGINT);
                    else r.setLong(5, t.plusSeconds(1).toEpochMilli());
                    r.addBatch();
                }
                f.executeBatch();
                r.executeBatch();
            }
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    private void fire(String job, Instant at, String state) throws SQLException {
        try (PreparedStatement f = db.prepareStatement(fireInsert())) {
            bindFire(f, job, at, state);
            f.executeUpdate();
        }
    }

    private String fireInsert() {
        return "INSERT INTO " + prefix + "fires (job_id, fire_at, state, attempt, due_at, priority, group_name,"
                + " overlap, paused) VALUES (?, ?, ?, 1, ?, 5, 'default', 'SKIP', FALSE)";
    }

    private static void bindFire(PreparedStatement f, String job, Instant at, String state) throws SQLException {
        f.setString(1, job);
        f.setLong(2, at.toEpochMilli());
        f.setString(3, state);
        f.setLong(4, at.toEpochMilli());
    }

    // ---- reading it back -----------------------------------------------------------------------------------------

    private int count(String table, String job) throws SQLException {
        try (PreparedStatement ps =
                db.prepareStatement("SELECT COUNT(*) FROM " + prefix + table + " WHERE job_id = ?")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * What the store takes on disk: the SQLite file with its write-ahead log, or the runs and fires tables with their
     * indexes as PostgreSQL and MariaDB count them (both only estimate until their statistics are updated).
     */
    private long storeBytes() throws SQLException {
        if (target().name().equals("sqlite")) {
            Path file = Path.of(target().url().substring("jdbc:sqlite:".length()));
            try {
                Path wal = file.resolveSibling(file.getFileName() + "-wal");
                return Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String sql = target().name().equals("postgresql")
                ? "SELECT pg_total_relation_size(?::regclass) + pg_total_relation_size(?::regclass)"
                : "SELECT SUM(data_length + index_length) FROM information_schema.tables"
                        + " WHERE table_schema = DATABASE() AND table_name IN (?, ?)";
        if (target().name().equals("mariadb"))
            try (Statement s = db.createStatement()) {
                s.execute("ANALYZE TABLE " + prefix + "runs, " + prefix + "fires");
            }
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, prefix + "runs");
            ps.setString(2, prefix + "fires");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The store's size as people would check it: for SQLite the pages in use and the file, else {@link #storeBytes}. */
    private String storeSize() throws SQLException {
        if (!target().name().equals("sqlite")) return "runs and fires tables " + kib(storeBytes()) + " on disk";
        long pageSize = pragma("page_size");
        Path file = Path.of(target().url().substring("jdbc:sqlite:".length()));
        try {
            return "SQLite pages in use " + kib((pragma("page_count") - pragma("freelist_count")) * pageSize)
                    + ", file " + kib(Files.size(file)) + " + WAL " + kib(storeBytes() - Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long pragma(String name) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String kib(long bytes) {
        return String.format("%,d KiB", bytes / 1024);
    }

    private List<Long> runIds(String job) throws SQLException {
        List<Long> out = new ArrayList<>();
        for (Object v : column("SELECT run_id FROM " + prefix + "runs WHERE job_id = ?", job)) out.add((Long) v);
        return out;
    }

    private List<Instant> runFireTimes(String job) throws SQLException {
        List<Instant> out = new ArrayList<>();
        for (Object v : column("SELECT fire_at FROM " + prefix + "runs WHERE job_id = ? ORDER BY fire_at", job))
            out.add(Instant.ofEpochMilli((Long) v));
        return out;
    }

    private List<Instant> fireTimes(String job) throws SQLException {
        List<Instant> out = new ArrayList<>();
        for (Object v : column("SELECT fire_at FROM " + prefix + "fires WHERE job_id = ? ORDER BY fire_at", job))
            out.add(Instant.ofEpochMilli((Long) v));
        return out;
    }

    private List<String> states(String job) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object v : column("SELECT state FROM " + prefix + "runs WHERE job_id = ?", job)) out.add((String) v);
        return out;
    }

    private List<String> fireStates(String job) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object v : column("SELECT state FROM " + prefix + "fires WHERE job_id = ?", job)) out.add((String) v);
        return out;
    }

    private List<Object> column(String sql, String job) throws SQLException {
        List<Object> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object v = rs.getObject(1);
                    out.add(v instanceof Number n && !(v instanceof Long) ? Long.valueOf(n.longValue()) : v);
                }
            }
        }
        return out;
    }
}
