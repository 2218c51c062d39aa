package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.FirePlan;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.PlannedFire;
import io.jobwarden.engine.spi.RunCompletion;
import io.jobwarden.engine.spi.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Several nodes racing over one shared database: each node is a store with its own connection pool, each drives
 * two threads, and nothing but the database keeps them apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClusterContract {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final int NODES = 4;
    private static final int THREADS_PER_NODE = 2;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final String prefix = StoreTarget.uniquePrefix();
    private final List<JdbcJobStore> nodes = new ArrayList<>();
    private ExecutorService threads;

    protected abstract StoreTarget target();

    @BeforeAll
    void openNodes() {
        for (int i = 0; i < NODES; i++)
            nodes.add(target().open(
                            StoreOptions.defaults().withTablePrefix(prefix).withMaxPoolSize(THREADS_PER_NODE)));
    }

    @AfterAll
    void closeNodes() {
        nodes.forEach(JdbcJobStore::close);
        target().dropTables(prefix);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        threads = Executors.newFixedThreadPool(NODES * THREADS_PER_NODE);
        try (Connection c = target().connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String table : List.of("runs", "fires", "jobs", "nodes"))
                s.executeUpdate("DELETE FROM " + prefix + table);
        }
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static JobSpec job(String id, OverlapPolicy overlap) {
        return JobSpec.builder(id, "@every 1s", "shell")
                .zone(ZoneOffset.UTC)
                .settings(Map.of("command", List.of("true")))
                .overlap(overlap)
                .build();
    }

    /** Runs {@code work} on every thread of every node at once; work gets the node's index. */
    private <T> List<T> race(java.util.function.IntFunction<Callable<T>> work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < NODES * THREADS_PER_NODE; t++) {
            Callable<T> task = work.apply(t % NODES);
            futures.add(threads.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) results.add(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        return results;
    }

    @Test
    void racingClaimersClaimEachFireOnceAndNeverOverlapAJob() throws Exception {
        Map<String, OverlapPolicy> policies = new HashMap<>();
        for (int i = 0; i < 40; i++) policies.put("allow-" + i, OverlapPolicy.ALLOW);
        for (int i = 0; i < 20; i++) policies.put("skip-" + i, OverlapPolicy.SKIP);
        for (int i = 0; i < 20; i++) policies.put("queue-" + i, OverlapPolicy.QUEUE);
        JdbcJobStore first = nodes.get(0);
        policies.forEach((id, policy) -> first.createJob(job(id, policy), JobOrigin.API, T0.minusSeconds(3600)));
        int firesPerJob = 40;
        int planned = first.planDue(T0, 1000, (job, now) -> {
            List<PlannedFire> fires = new ArrayList<>();
            for (int f = 0; f < firesPerJob; f++) fires.add(new PlannedFire(T0.minusSeconds(3600 - f), null));
            return new FirePlan(fires, null);
        });
        assertThat(planned).isEqualTo(policies.size());
        int totalFires = policies.size() * firesPerJob;
        assertThat(first.pendingFires(T0)).isEqualTo(totalFires);

        Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        List<String> started = new CopyOnWriteArrayList<>();
        Map<String, Integer> claimsPerNode = new ConcurrentHashMap<>();

        race(n -> () -> {
            JdbcJobStore store = nodes.get(n);
            String nodeId = "node-" + n;
            List<ClaimedRun> inFlight = List.of();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                List<ClaimedRun> claimed = store.claim(new ClaimRequest(nodeId, T0, Map.of("default", 15), 15));
                for (ClaimedRun run : claimed) {
                    started.add(run.jobId() + "@" + run.fireAt());
                    claimsPerNode.merge(nodeId, 1, Integer::sum);
                    if (policies.get(run.jobId()) != OverlapPolicy.ALLOW
                            && inProgress
                                            .computeIfAbsent(run.jobId(), k -> new AtomicInteger())
                                            .incrementAndGet()
                                    > 1) {
                        overlaps.add(run.jobId());
                    }
                }
                // Runs stay in flight across the next claim, so other nodes claim while this one's runs are RUNNING.
                finish(store, nodeId, inFlight, policies, inProgress);
                inFlight = claimed;
                if (claimed.isEmpty() && store.pendingFires(T0) == 0) break;
            }
            finish(store, nodeId, inFlight, policies, inProgress);
            return null;
        });

        assertThat(overlaps).as("runs of a skip or queue job at the same time").isEmpty();
        assertThat(started).as("no fire claimed twice").doesNotHaveDuplicates();
        assertThat(claimsPerNode.size()).as("several nodes took part").isGreaterThan(1);
        assertThat(first.pendingFires(T0)).isZero();
        assertThat(first.runningRuns()).isEmpty();

        Map<String, List<RunState>> runsPerFire = runsPerFire();
        assertThat(runsPerFire).hasSize(totalFires);
        runsPerFire.forEach((fire, states) -> {
            assertThat(states).as(fire).hasSize(1);
            RunState expected = fire.startsWith("skip-") ? states.get(0) : RunState.SUCCEEDED;
            assertThat(states.get(0)).as(fire).isEqualTo(expected).isIn(RunState.SUCCEEDED, RunState.SKIPPED);
        });
        long succeeded = runsPerFire.values().stream()
                .filter(s -> s.get(0) == RunState.SUCCEEDED)
                .count();
        assertThat(started).hasSize((int) succeeded);
    }

    private static void finish(
            JdbcJobStore store,
            String nodeId,
            List<ClaimedRun> runs,
            Map<String, OverlapPolicy> policies,
            Map<String, AtomicInteger> inProgress) {
        if (runs.isEmpty()) return;
        List<RunCompletion> done = new ArrayList<>();
        for (ClaimedRun run : runs) {
            // Counted down before the completion commits: the store may start the next run of the job only after that.
            if (policies.get(run.jobId()) != OverlapPolicy.ALLOW)
                inProgress.get(run.jobId()).decrementAndGet();
            done.add(new RunCompletion(
                    run.runId(), run.jobId(), run.fireAt(), nodeId, RunState.SUCCEEDED, T0, 0, null, null, null, null));
        }
        assertThat(store.complete(done)).isEqualTo(runs.size());
    }

    private Map<String, List<RunState>> runsPerFire() throws SQLException {
        Map<String, List<RunState>> out = new HashMap<>();
        try (Connection c = target().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT job_id, fire_at, state FROM " + prefix + "runs")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1) + "@" + rs.getLong(2), k -> new ArrayList<>())
                        .add(RunState.valueOf(rs.getString(3)));
            }
        }
        return out;
    }

    @Test
    void racingPlannersPlanEachJobOnce() throws Exception {
        int jobs = 400;
        for (int i = 0; i < jobs; i++)
            nodes.get(0).createJob(job("j" + i, OverlapPolicy.ALLOW), JobOrigin.API, T0.minusSeconds(i));
        Map<String, AtomicInteger> plannedTimes = new ConcurrentHashMap<>();

        List<Integer> counts = race(n -> () -> {
            int total = 0;
            for (int got;
                    (got = nodes.get(n).planDue(T0, 25, (job, now) -> {
                                plannedTimes
                                        .computeIfAbsent(job.id(), k -> new AtomicInteger())
                                        .incrementAndGet();
                                return new FirePlan(
                                        List.of(new PlannedFire(job.nextFireAt(), null)),
                                        job.nextFireAt().plusSeconds(3600));
                            }))
                            > 0; ) {
                total += got;
            }
            return total;
        });

        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(jobs);
        assertThat(plannedTimes).hasSize(jobs);
        assertThat(plannedTimes.values())
                .allSatisfy(times -> assertThat(times.get()).isEqualTo(1));
        assertThat(nodes.get(0).pendingFires(T0)).isEqualTo(jobs);
    }

    @Test
    void racingRecoverersAbandonEachRunOnce() throws Exception {
        JdbcJobStore first = nodes.get(0);
        first.createJob(job("j", OverlapPolicy.ALLOW), JobOrigin.API, T0.minusSeconds(3600));
        first.planDue(T0, 10, (job, now) -> {
            List<PlannedFire> fires = new ArrayList<>();
            for (int f = 0; f < 300; f++) fires.add(new PlannedFire(T0.minusSeconds(f), null));
            return new FirePlan(fires, null);
        });
        int claimed = 0;
        for (List<ClaimedRun> batch;
                !(batch = first.claim(new ClaimRequest("ghost", T0, Map.of("default", 100), 100))).isEmpty(); ) {
            claimed += batch.size();
        }
        assertThat(claimed).isEqualTo(300);
        for (int n = 0; n < NODES; n++)
            nodes.get(n).heartbeat(JobStoreContract.node("node-" + n, "n" + n), Duration.ofHours(1));

        List<List<RunRecord>> recovered = race(n -> () -> nodes.get(n)
                .recoverAbandoned(JobStoreContract.node("node-" + n, "n" + n), (spec, attempt, state, now) -> now, T0));

        List<Long> ids = new ArrayList<>();
        recovered.forEach(list -> list.forEach(r -> ids.add(r.runId())));
        assertThat(ids).hasSize(300).doesNotHaveDuplicates();
        assertThat(first.pendingFires(T0)).isEqualTo(300);
        assertThat(first.claim(new ClaimRequest("node-0", T0, Map.of("default", 500), 500)))
                .hasSize(300)
                .extracting(ClaimedRun::attempt)
                .containsOnly(2);
    }

    @Test
    void aHeartbeatThatWaitedOutRecoveryLearnsItsNodeWasDeclaredDead() throws Exception {
        JdbcJobStore a = nodes.get(0);
        JdbcJobStore b = nodes.get(1);
        NodeInfo nodeA = JobStoreContract.node("node-a", "a");
        NodeInfo nodeB = JobStoreContract.node("node-b", "b");
        a.createJob(job("j", OverlapPolicy.ALLOW), JobOrigin.API, null);
        a.addFire("j", T0, null);
        assertThat(a.heartbeat(nodeA, Duration.ofSeconds(1))).isTrue();
        b.heartbeat(nodeB, Duration.ofHours(1));
        ClaimedRun run =
                a.claim(new ClaimRequest("node-a", T0, Map.of("default", 1), 1)).get(0);
        long leaseUntil = a.nodes().stream()
                .filter(n -> n.nodeId().equals("node-a"))
                .findFirst()
                .orElseThrow()
                .leaseUntil()
                .toEpochMilli();

        boolean alive;
        List<RunRecord> recovered;
        try (Connection blocker = target().connect()) {
            // Holds node-a's row, so that node-a's heartbeat starts (and reads whatever it reads) while the lease
            // is live, but can write only after the lease has lapsed and node-b's recovery has had its chance.
            blocker.setAutoCommit(false);
            try (PreparedStatement ps = blocker.prepareStatement(
                    "SELECT lease_until FROM " + prefix + "nodes WHERE node_id = 'node-a' FOR UPDATE")) {
                ps.executeQuery().close();
            }
            Future<Boolean> late = threads.submit(() -> a.heartbeat(nodeA, Duration.ofHours(1)));
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> a.dialect().nowMillis(blocker, Clock.systemUTC()) > leaseUntil);
            Future<List<RunRecord>> recovery =
                    threads.submit(() -> b.recoverAbandoned(nodeB, (spec, attempt, state, now) -> now, T0));
            try {
                recovery.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException waitsForTheNodeRow) {
                // recovery waits for the node's row; it goes on when the row is released
            }
            blocker.commit();
            alive = late.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            recovered = recovery.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(alive)
                .as("the late heartbeat finds the lease lapsed or the node fenced")
                .isFalse();
        RunState state = a.run(run.runId()).orElseThrow().state();
        if (recovered.isEmpty()) {
            assertThat(state).as("the heartbeat won: the run is still node-a's").isEqualTo(RunState.RUNNING);
        } else {
            assertThat(recovered).extracting(RunRecord::runId).containsExactly(run.runId());
            assertThat(state).isEqualTo(RunState.ABANDONED);
        }
        assertThat(a.heartbeat(nodeA, Duration.ofHours(1))).isTrue();
    }
}
