package io.jobwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.RunListener;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.runner.Runners;
import io.jobwarden.store.JdbcJobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node kept busy claiming a long backlog must go on renewing its lease; otherwise the other nodes declare its runs
 * {@code ABANDONED} while they run and, per retry policy, start them again beside it. ExactlyOnceClusterTest found
 * this: ten thousand fires due at once kept a node's claim loop going for five seconds against a three-second lease.
 * Here the database is made slow to claim from, so that the loop outlasts the lease on any machine.
 */
class BusyNodeLeaseTest {
    private static final int JOBS = 600;
    private static final Duration SLOW_CLAIM = Duration.ofMillis(50);

    @TempDir
    Path dir;

    @Test
    void aNodeClaimingABacklogLongerThanItsLeaseKeepsItsLease() {
        SharedDatabase db = SharedDatabase.postgres();
        String prefix = SharedDatabase.freshPrefix();
        AtomicInteger leaseLost = new AtomicInteger();
        Map<String, Integer> executions = new ConcurrentHashMap<>();
        try (JdbcJobStore store = db.open(prefix)) {
            // Stored with their fire before the engine registers them: a one-shot registered after its instant has
            // passed would have no fire at all, and registering takes a while on a busy host.
            Instant due = Instant.now().plusSeconds(3);
            List<JobSpec> specs = new ArrayList<>();
            for (int i = 1; i <= JOBS; i++) {
                specs.add(JobSpec.builder(JobSet.oneShotId(i), "@at " + due, "java")
                        .zone(ZoneOffset.UTC)
                        .settings(Map.of())
                        .build());
            }
            JobSet.storeAll(specs, spec -> store.putJob(spec, JobOrigin.CONFIG, due));
            JobwardenBuilder builder = Jobwarden.builder(slowClaims(store))
                    .nodeName("busy")
                    .threads(10)
                    .lease(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(100))
                    .runners(Runners.defaults(dir.resolve("plugins")))
                    .listener(new RunListener() {
                        @Override
                        public void leaseLost() {
                            leaseLost.incrementAndGet();
                        }
                    });
            for (JobSpec spec : specs) builder.task(spec, ctx -> executions.merge(ctx.jobId(), 1, Integer::sum));
            Jobwarden engine = builder.start();
            try {
                await().atMost(Duration.ofMinutes(2))
                        .until(() ->
                                executions.size() == JOBS && engine.status().runningRuns() == 0);
            } finally {
                engine.stop();
            }
            assertThat(executions.values()).as("executions per job").containsOnly(1);
            assertThat(leaseLost.get())
                    .as("times the busy node found its lease expired")
                    .isZero();
        } finally {
            db.dropTables(prefix);
        }
    }

    /** The real store, each claim made {@link #SLOW_CLAIM} slower: a database under load. */
    private static JobStore slowClaims(JobStore store) {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("claim")) Thread.sleep(SLOW_CLAIM.toMillis());
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
