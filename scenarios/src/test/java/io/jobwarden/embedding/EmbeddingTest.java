package io.jobwarden.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.MisfirePolicy;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RetryPolicy;
import io.jobwarden.engine.RunListener;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.runner.Runners;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library use of docs/embedding.md, as an application would write it and with the builder calls of its example:
 * its own DataSource (here PostgreSQL, which must be running), a group, task lambdas beside the shipped runners, a
 * listener, and the fire key as an idempotency key.
 */
class EmbeddingTest {
    @TempDir
    Path plugins;

    @Test
    void anApplicationRunsItsOwnTasksOnItsOwnDataSource() {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
        pool.setUsername("postgres");
        String prefix = "emb_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        Set<String> sentInvoices = ConcurrentHashMap.newKeySet();
        AtomicInteger flaky = new AtomicInteger();
        Set<String> finished = ConcurrentHashMap.newKeySet();
        try (HikariDataSource dataSource = new HikariDataSource(pool);
                var store = JobStores.forDataSource(
                        dataSource, StoreOptions.defaults().withTablePrefix(prefix))) {
            Jobwarden jobs = Jobwarden.builder(store)
                    .nodeName("billing-app")
                    .threads(4)
                    .group("reports", 1, 3)
                    .pollInterval(Duration.ofMillis(200))
                    .task("send-invoices", "@every 1s", ctx -> sentInvoices.add(ctx.fireKey()))
                    .task(
                            JobSpec.builder("flaky", "@every 1s", "java")
                                    .zone(ZoneId.of("Europe/Berlin"))
                                    .settings(Map.of())
                                    .timeout(Duration.ofSeconds(5))
                                    .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
                                    .overlap(OverlapPolicy.SKIP)
                                    .misfire(MisfirePolicy.FIRE_ONCE)
                                    .group("reports")
                                    .description("fails at its first call")
                                    .build(),
                            ctx -> {
                                if (flaky.incrementAndGet() == 1) throw new IllegalStateException("first call fails");
                            })
                    .runners(Runners.defaults(plugins))
                    .listener(new RunListener() {
                        @Override
                        public void runFinished(
                                ClaimedRun run, RunState state, Duration took, Instant retryAt, String error) {
                            finished.add(run.spec().id() + " " + state);
                        }
                    })
                    .start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> sentInvoices.size() >= 3);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> jobs.runs("flaky", 10, null).stream()
                                .anyMatch(r -> r.attempt() == 2 && r.state() == RunState.SUCCEEDED));
                List<RunRecord> flakyRuns = jobs.runs("flaky", 50, null);
                assertThat(flakyRuns).anySatisfy(r -> {
                    assertThat(r.state()).isEqualTo(RunState.FAILED);
                    assertThat(r.error()).contains("IllegalStateException: first call fails");
                });
            } finally {
                jobs.stop();
            }
            assertThat(sentInvoices).allSatisfy(key -> assertThat(key).startsWith("send-invoices@"));
            assertThat(finished).contains("send-invoices SUCCEEDED", "flaky FAILED", "flaky SUCCEEDED");
        }
    }
}
