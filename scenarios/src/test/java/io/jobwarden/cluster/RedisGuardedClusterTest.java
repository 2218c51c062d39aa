package io.jobwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md#cluster with {@code cluster.lock: redis}: three nodes on PostgreSQL, each run additionally guarded by a
 * Redis lock on the machine's shared Redis (127.0.0.1:6379, under a key prefix of this test's own). Every task checks
 * from inside that its fire's lock names its own run; each fire runs exactly once; and once the runs are over no lock
 * is left: they were released, not left to expire (the lock ttl is a minute). Expiry, renewal and Redis outages are
 * the redis module's own tests.
 */
class RedisGuardedClusterTest extends ClusterScenario {
    private static final String REDIS = System.getProperty("jobwarden.test.redis.uri", "redis://127.0.0.1:6379");
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static final int EVERY_SECOND_JOBS = 3;

    private final String keyPrefix = "jobwarden-cluster-test:" + UUID.randomUUID() + ":";
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    @BeforeEach
    void connect() {
        client = RedisClient.create(REDIS);
        connection = client.connect();
        assertThat(connection.sync().ping()).as("Redis at %s", REDIS).isEqualTo("PONG");
    }

    @AfterEach
    void deleteLeftKeys() {
        try {
            // the nodes first, so that none takes a lock after the clean-up
            if (cluster != null) cluster.close();
        } finally {
            if (connection != null) {
                List<String> left = keys();
                if (!left.isEmpty()) connection.sync().del(left.toArray(String[]::new));
                connection.close();
            }
            client.shutdown();
        }
    }

    @Test
    void withRedisFireLocksEachFireRunsOnceUnderItsLockAndNoLockOutlivesItsRun() {
        cluster = new Cluster(
                SharedDatabase.postgres(),
                ClusterNodeMain.BURST_LEASE,
                "redis=" + REDIS,
                "redisPrefix=" + keyPrefix,
                "guardTtl=60000",
                "workMs=20");
        int burst = JobSet.burstSize(3_000);
        Instant t0 = JobSet.burstTime(burst);
        JobSet jobs = new JobSet(burst, t0, EVERY_SECOND_JOBS, t0, 0);
        jobs.storeIn(cluster.store);
        cluster.start(3, jobs);

        List<String> expected = jobs.expectedFires(WINDOW);
        cluster.settle(jobs, expected, WINDOW.plusMinutes(3));
        List<String> locksLeft = keys();
        cluster.stopAll();

        ExecutionLedger ledger = cluster.ledger();
        List<RunRecord> runs = cluster.runs();
        assertThat(runs)
                .as("the store's history")
                .allSatisfy(r -> assertThat(r.state())
                        .as("run %d of %s: %s", r.runId(), r.jobId(), r.error())
                        .isEqualTo(RunState.SUCCEEDED));
        assertThat(ledger.missing(expected)).as("fires that never ran").isEmpty();
        assertThat(ledger.repeated()).as("fires that ran more than once").isEmpty();
        assertThat(ExactlyOnceClusterTest.runIds(runs)).isEqualTo(ExactlyOnceClusterTest.executedRunIds(ledger));
        assertThat(ledger.perNode()).containsOnlyKeys("node-1", "node-2", "node-3");
        assertThat(locksLeft)
                .as("fire locks left in Redis once every run had ended")
                .isEmpty();
        Cluster.printBurst("postgres + redis locks: " + burst + " one-shots on 3 nodes", runs, ledger);
    }

    private List<String> keys() {
        List<String> out = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = connection
                    .sync()
                    .scan(cursor, ScanArgs.Builder.matches(keyPrefix + "*").limit(1000));
            out.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }
}
