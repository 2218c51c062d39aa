package io.jobwarden.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.RetryPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The library use of docs/embedding.md, as an application would write it: its own DataSource (here PostgreSQL,
 * which must be running), task lambdas, and the fire key as an idempotency key.
 */
class EmbeddingTest {
    @Test
    void anApplicationRunsItsOwnTasksOnItsOwnDataSource() {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
        pool.setUsername("postgres");
        String prefix = "emb_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        Set<String> sentInvoices = ConcurrentHashMap.newKeySet();
        AtomicInteger flaky = new AtomicInteger();
        try (HikariDataSource dataSource = new HikariDataSource(pool);
                var store = JobStores.forDataSource(
                        dataSource, StoreOptions.defaults().withTablePrefix(prefix))) {
            Jobwarden jobs = Jobwarden.builder(store)
                    .nodeName("billing-app")
                    .threads(4)
                    .pollInterval(Duration.ofMillis(200))
                    .task("send-invoices", "@every 1s", ctx -> sentInvoices.add(ctx.fireKey()))
                    .task(
                            new JobSpec(
                                    "flaky",
                                    "@every 1s",
                                    null,
                                    "java",
                                    Map.of(),
                                    Duration.ofSeconds(5),
                                    new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null),
                            ctx -> {
                                if (flaky.incrementAndGet() == 1) throw new IllegalStateException("first call fails");
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
        }
    }
}
