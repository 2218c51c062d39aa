package io.jobwarden.bench.peer;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import io.jobwarden.bench.ledger.ExecutionLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * db-scheduler with one one-time task whose instances are the jobs. Polling is {@code fetch} (its default,
 * {@code pollUsingFetchAndLockOnExecute(0.5, 3.0)}) or {@code lock-and-fetch}
 * ({@code pollUsingLockAndFetch(0.5, 1.0)}, SELECT ... FOR UPDATE SKIP LOCKED, PostgreSQL only). db-scheduler keeps
 * no run history: a finished one-time execution is deleted.
 */
public final class DbSchedulerContestant implements Contestant {
    static final String TASK = "bench-noop";

    private final Target target;

    public DbSchedulerContestant(Target target) {
        this.target = target;
    }

    @Override
    public Target target() {
        return target;
    }

    private String table() {
        return target.prefix() + "scheduled_tasks";
    }

    @Override
    public void reset() {
        Database db = target.database();
        db.dropTables(target.prefix());
        String bytes = db.isSqlite() ? "BLOB" : "BYTEA";
        String time = db.isSqlite() ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE";
        // db-scheduler's published schema (postgresql_tables.sql / sqlite_tables.sql), under this run's prefix.
        db.execute(
                "CREATE TABLE " + table() + " (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data " + bytes
                        + ","
                        + " execution_time " + time
                        + " NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT, last_success " + time + ","
                        + " last_failure " + time + ", consecutive_failures INT, last_heartbeat " + time
                        + ", version BIGINT NOT NULL,"
                        + " priority SMALLINT, PRIMARY KEY (task_name, task_instance))",
                "CREATE INDEX " + target.prefix() + "execution_time_idx ON " + table() + " (execution_time)",
                "CREATE INDEX " + target.prefix() + "last_heartbeat_idx ON " + table() + " (last_heartbeat)",
                "CREATE INDEX " + target.prefix() + "priority_execution_time_idx ON " + table()
                        + " (priority DESC, execution_time ASC)");
    }

    private OneTimeTask<Void> task(ExecutionLedger ledger) {
        return Tasks.oneTime(TASK)
                .execute(
                        (instance, context) -> ledger.executed(instance.getId(), context.getExecution().executionTime));
    }

    @Override
    public void seedOneShots(List<String> ids, Instant due) {
        try (HikariDataSource pool = SqlitePool.open(target.database(), 4, "db-scheduler-seed")) {
            SchedulerClient.Builder client = SchedulerClient.Builder.create(pool, task(new ExecutionLedger()))
                    .tableName(table());
            if (target.database().isSqlite()) client.jdbcCustomization(new SqliteJdbcCustomization());
            SchedulerClient c = client.build();
            for (int from = 0; from < ids.size(); from += 1000) {
                List<TaskInstance<?>> batch = new ArrayList<>();
                for (String id : ids.subList(from, Math.min(ids.size(), from + 1000)))
                    batch.add(new TaskInstance<Void>(TASK, id));
                c.scheduleBatch(batch, due);
            }
        }
    }

    @Override
    public OptionalLong unfinished(long expected) {
        long left = target.database().count("SELECT COUNT(*) FROM " + table());
        return OptionalLong.of(left < 0 ? expected : left);
    }

    @Override
    public SchedulerNode node(String nodeName, ExecutionLedger ledger) {
        return new Node(nodeName, ledger);
    }

    private final class Node implements SchedulerNode {
        private final HikariDataSource pool;
        private final Scheduler scheduler;

        Node(String nodeName, ExecutionLedger ledger) {
            this.pool = SqlitePool.open(target.database(), target.threads() + 2, "db-scheduler");
            SchedulerBuilder b = Scheduler.create(pool, task(ledger))
                    .tableName(table())
                    .schedulerName(new SchedulerName.Fixed(nodeName))
                    .threads(target.threads())
                    .pollingInterval(target.pollInterval())
                    .shutdownMaxWait(Duration.ofSeconds(30));
            if (target.kind() == Kind.DBS_LOCK_AND_FETCH) b.pollUsingLockAndFetch(0.5, 1.0);
            else b.pollUsingFetchAndLockOnExecute(0.5, 3.0);
            if (target.database().isSqlite()) b.jdbcCustomization(new SqliteJdbcCustomization());
            this.scheduler = b.build();
        }

        @Override
        public void addOneShots(List<String> ids, Instant due) {
            throw new UnsupportedOperationException("db-scheduler jobs live in its table; seed them with seedOneShots");
        }

        @Override
        public void addEverySecond(List<String> ids) {
            throw new UnsupportedOperationException("db-scheduler is not in the precision scenario");
        }

        @Override
        public void start() {
            scheduler.start();
        }

        @Override
        public void stop() {
            scheduler.stop();
            pool.close();
        }
    }
}
