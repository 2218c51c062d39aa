package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.FirePlan;
import io.jobwarden.engine.spi.FirePlanner;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.PlannedFire;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of jobs added at once and due at once, planned and claimed before the table is analysed: PostgreSQL then
 * guesses that a few hundred rows are due, and its own plans read the whole jobs table, for the planning query with a
 * sort of every due row and its definition, for a claim's lookup of its jobs by id. The store tells it to use the
 * indexes instead (Dialect#preferIndexes). Autovacuum is off for this test's tables, so their statistics stay as
 * stale as in the minutes after a bulk add (or for good, on a server whose autovacuum is off).
 */
class PostgresStaleStatisticsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int JOBS = 20_000;

    private final StoreTarget target = StoreTarget.postgres();
    private final String prefix = StoreTarget.uniquePrefix();
    private final Tables tables = new Tables(prefix);
    private JdbcJobStore store;

    @BeforeEach
    void manyJobsDueAtOnceAndNoStatistics() throws SQLException {
        store = target.open(StoreOptions.defaults().withTablePrefix(prefix));
        try (Connection c = target.connect();
                Statement s = c.createStatement()) {
            s.execute(tables.sql("ALTER TABLE {jobs} SET (autovacuum_enabled = false)"));
        }
        store.createJob(JobStoreContract.job("template"), JobOrigin.API, T0);
        try (Connection c = target.connect();
                Statement s = c.createStatement()) {
            s.execute(tables.sql("INSERT INTO {jobs} (id, spec, origin, paused, next_fire_at, group_name, priority,"
                    + " overlap, version, updated_at, config_hash) SELECT 'job-' || i,"
                    + " replace(spec, '\"template\"', '\"job-' || i || '\"'), origin, paused,"
                    + " next_fire_at, group_name, priority, overlap, version, updated_at, config_hash FROM {jobs},"
                    + " generate_series(1, " + JOBS + ") i WHERE id = 'template'"));
        }
    }

    @AfterEach
    void dropTables() {
        store.close();
        target.dropTables(prefix);
    }

    @Test
    void planningWalksTheDueIndexInsteadOfSortingTheWholeTable() throws SQLException {
        String left = plan(false);
        assertThat(left)
                .as("PostgreSQL's own plan, which the store must not be left with")
                .contains("Seq Scan on " + prefix + "jobs");

        String told = plan(true);
        assertThat(told).contains("Index Scan using " + prefix + "jobs_due").doesNotContain("Seq Scan", "Sort");
    }

    @Test
    void planningAndTheFirstClaimUseTheIndexesOfTheJobsTable() throws SQLException {
        PostgresDialect dialect = new PostgresDialect();
        FireRows fires =
                new FireRows(tables, dialect, new JobRows(tables, dialect, new SpecCodec(), Clock.systemUTC()));
        FirePlanner planner = (job, now) -> new FirePlan(List.of(new PlannedFire(job.nextFireAt(), null)), null);
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            assertThat(fires.planDue(c, T0, T0, 500, planner)).isEqualTo(500);
            assertNoScanOfTheJobsTable(c);
            c.commit();
        }
        assertThat(store.pendingFires(T0)).isEqualTo(500);

        // The first claim of the burst: 256 jobs looked up by id, which PostgreSQL would otherwise scan the table for.
        FireClaimer claimer = new FireClaimer(tables, dialect, new SpecCodec());
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            assertThat(claimer.claim(
                            c, new ClaimRequest("node-a", T0, Map.of("default", 256), 256, false, Duration.ZERO)))
                    .hasSize(256);
            assertNoScanOfTheJobsTable(c);
            c.rollback();
        }
    }

    /** This transaction's own reads of the jobs table, counted before any of them reaches the statistics. */
    private void assertNoScanOfTheJobsTable(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relname = ?")) {
            ps.setString(1, prefix + "jobs");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong("seq_scan"))
                        .as("scans of the whole jobs table")
                        .isZero();
                assertThat(rs.getLong("idx_scan")).isPositive();
            }
        }
    }

    /** The plan of the planning query in a transaction, told to prefer the indexes or not. */
    private String plan(boolean preferIndexes) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            if (preferIndexes) new PostgresDialect().preferIndexes(c);
            try (PreparedStatement ps =
                    c.prepareStatement("EXPLAIN " + FireRows.selectDue(tables, new PostgresDialect()))) {
                ps.setLong(1, T0.toEpochMilli());
                ps.setInt(2, 500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) plan.append(rs.getString(1)).append('\n');
                }
            }
            c.rollback();
        }
        return plan.toString();
    }
}
