package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.JobOrigin;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite file store: reads beside the one writer, commits synced except replayable work, and claims held to the
 * store's clock when asked.
 */
class SqliteConnectionsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private static JobSpec job(String id) {
        return JobSpec.builder(id, "@every 1m", "shell")
                .zone(ZoneOffset.UTC)
                .settings(Map.of("command", List.of("true")))
                .build();
    }

    @Test
    void readsGoOnWhileAnotherConnectionHoldsTheWriteLock() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("store.db");
        try (JdbcJobStore store =
                JobStores.open(url, null, null, StoreOptions.defaults().withPoolTimeout(Duration.ofSeconds(1)))) {
            store.createJob(job("a"), JobOrigin.API, T0);
            try (Connection other = DriverManager.getConnection(url);
                    Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                // The writer could not even begin a transaction now; the readers are not held up by it.
                assertThat(store.jobs()).extracting(j -> j.spec().id()).containsExactly("a");
                assertThat(store.nextDue(T0.minusSeconds(1))).contains(T0);
                s.execute("ROLLBACK");
            }
        }
    }

    @Test
    void replayableWorkSkipsTheDiskSyncAndEveryOtherTransactionKeepsIt() throws SQLException {
        SqliteDialect dialect = new SqliteDialect();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("sync.db"));
        dialect.configurePool(config, StoreOptions.defaults());
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Transactions tx = new Transactions(pool, dialect, true);
            Transactions.Work<Integer> synchronous = c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                    rs.next();
                    return rs.getInt(1);
                }
            };
            // 2 is FULL, 1 is NORMAL; the same one connection serves all three.
            assertThat(tx.run("read", synchronous)).isEqualTo(2);
            assertThat(tx.runReplayable("read", synchronous)).isEqualTo(1);
            assertThat(tx.run("read", synchronous)).isEqualTo(2);
        }
    }

    @Test
    void aClaimAskedNotToBeAheadOfTheStoreIsMadeOnTheStoresClock() {
        Instant storeNow = T0.plusSeconds(1);
        try (JdbcJobStore store = JobStores.open(
                "jdbc:sqlite:" + dir.resolve("clock.db"),
                null,
                null,
                StoreOptions.defaults().withClock(Clock.fixed(storeNow, ZoneOffset.UTC)))) {
            store.createJob(job("now"), JobOrigin.API, null);
            store.createJob(job("later"), JobOrigin.API, null);
            store.addFire("now", T0, null);
            store.addFire("later", T0.plusSeconds(60), null);
            Instant fastNode = T0.plusSeconds(120);

            List<ClaimedRun> claimed = store.claim(new ClaimRequest("n", fastNode, Map.of("default", 10), 10, true));

            assertThat(claimed).extracting(ClaimedRun::jobId).containsExactly("now");
            assertThat(claimed.get(0).claimedAt()).isEqualTo(storeNow);
            assertThat(store.run(claimed.get(0).runId()).orElseThrow().startedAt())
                    .isEqualTo(storeNow);
            assertThat(store.claim(new ClaimRequest("n", fastNode, Map.of("default", 10), 10)))
                    .as("without the flag the request's own instant counts")
                    .extracting(ClaimedRun::jobId)
                    .containsExactly("later");
        }
    }
}
