package io.jobwarden.bench.peer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.schedule.Schedule;
import io.jobwarden.engine.schedule.Schedules;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.time.Instant;
import java.time.ZoneOffset;
import org.sqlite.SQLiteConfig;

/**
 * Scenario 4's store: daily cron jobs ({@code S M H * * ?}, UTC) spread evenly over the day, except the hour after
 * seeding, so that nothing is due while a node is measured idle. Seeded through the store's own {@code createJob},
 * over a connection that skips the disk sync: a million commits with a sync each would take most of an hour, and how
 * the rows got there does not change what a node does with them.
 */
public final class SpreadCronJobs {
    private static final int DAY = 86_400;
    private static final int QUIET = 3_600;

    private SpreadCronJobs() {}

    /** The cron expression of job {@code i} of {@code count}, seeded at second-of-day {@code fromSecond}. */
    static String cron(int i, int count, int fromSecond) {
        int second = (fromSecond + QUIET + (int) ((long) i * (DAY - 2 * QUIET) / count)) % DAY;
        return (second % 60) + " " + (second / 60 % 60) + " " + (second / 3600) + " * * ?";
    }

    public static void seed(Database db, String prefix, int count) {
        db.dropTables(prefix);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setDataSourceProperties(sqlite.toProperties());
        config.setMaximumPoolSize(1);
        Instant now = Instant.now();
        int fromSecond = (int) (now.getEpochSecond() % DAY);
        try (HikariDataSource pool = new HikariDataSource(config);
                JdbcJobStore store =
                        JobStores.forDataSource(pool, StoreOptions.defaults().withTablePrefix(prefix))) {
            for (int i = 0; i < count; i++) {
                String expression = cron(i, count, fromSecond);
                Schedule schedule = Schedules.parse(expression, ZoneOffset.UTC);
                JobSpec spec = JobwardenContestant.spec(String.format("cron-%07d", i), expression);
                store.createJob(spec, JobOrigin.API, schedule.nextAfter(now).orElseThrow());
            }
        }
    }

    /** Opens the seeded store as a node does: the store's own pool and settings. */
    public static JdbcJobStore open(Database db, String prefix) {
        return JobStores.open(
                db.url(), db.user(), db.password(), StoreOptions.defaults().withTablePrefix(prefix));
    }
}
