package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.HistoryRetention;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.runner.Runners;
import io.jobwarden.server.http.metrics.RunMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention as the engine runs it (docs/semantics.md, "History and retention"): a thread of its own prunes at every
 * interval at the time of the engine's clock (injected here), the rows it deletes reach the metric
 * {@code jobwarden_history_pruned_total}, and a prune that takes long never holds up a fire. Which rows go is the
 * store's business: HistoryPruningContract, on every database.
 */
class HistoryPrunerTest {
    private static final JobSpec TICK = JobSpec.of("tick", "@every 1s", "java", Map.of());

    @TempDir
    Path dir;

    record PruneCall(String thread, Instant now) {}

    @Test
    void prunesOnItsOwnThreadAtTheEnginesClockCountsTheRowsAndNeverHoldsUpAFire() throws Exception {
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            // 30 runs of an every-second job, one pass per simulated second.
            h.start(b -> b.task(TICK, ctx -> {}));
            for (int i = 0; i < 30; i++) {
                h.clock.advance(Duration.ofSeconds(1));
                h.passAndSettle();
            }
            assertThat(h.runs("tick")).hasSize(30).allMatch(r -> r.state() == RunState.SUCCEEDED);
            h.stopEngine();

            // The same store a day later, under an engine that schedules by itself and keeps 10 runs per job.
            h.clock.advance(Duration.ofDays(1));
            CountDownLatch firstPruneMayEnd = new CountDownLatch(1);
            List<PruneCall> calls = new CopyOnWriteArrayList<>();
            AtomicLong deleted = new AtomicLong();
            JobStore watched = watchPruning(h.store, calls, deleted, firstPruneMayEnd);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            JobwardenBuilder builder = Jobwarden.builder(watched)
                    .clock(h.clock)
                    .nodeName("test-node")
                    .runners(Runners.defaults(dir.resolve("plugins")))
                    .pollInterval(Duration.ofMillis(50))
                    .shutdownTimeout(Duration.ofSeconds(5))
                    .listener(new RunMetrics(registry))
                    .history(new HistoryRetention(30, 10))
                    .pruneInterval(Duration.ofMillis(200))
                    .task(JobSpec.of("tick", "0 0 3 1 1 ? 2099", "java", Map.of()), ctx -> {});
            Jobwarden engine = builder.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
                PruneCall first = calls.get(0);
                assertThat(first.thread()).isEqualTo("jobwarden-history-pruner");
                assertThat(first.now()).isEqualTo(h.clock.instant());

                // The prune is held; a fire triggered now is claimed, run and recorded all the same.
                Instant triggered = engine.trigger("tick").orElseThrow();
                RunRecord run = await().atMost(Duration.ofSeconds(20))
                        .until(
                                () -> h.runs("tick").stream()
                                        .filter(r -> r.fireAt().equals(triggered) && r.state() == RunState.SUCCEEDED)
                                        .findFirst()
                                        .orElse(null),
                                r -> r != null);
                assertThat(firstPruneMayEnd.getCount())
                        .as("the prune was still held")
                        .isEqualTo(1);
                assertThat(calls).hasSize(1);

                firstPruneMayEnd.countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() >= 3);
                List<RunRecord> kept = h.runs("tick");
                assertThat(kept).hasSize(10);
                assertThat(kept).extracting(RunRecord::runId).contains(run.runId());
                assertThat(deleted.get())
                        .as("at least the 21 runs beyond 10 and their fire rows")
                        .isGreaterThanOrEqualTo(42);
                assertThat(calls).allMatch(c -> c.thread().equals("jobwarden-history-pruner"));
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(prunedTotal(registry)).isEqualTo((double) deleted.get()));
            } finally {
                firstPruneMayEnd.countDown();
                engine.stop();
            }
        }
    }

    private static double prunedTotal(PrometheusMeterRegistry registry) {
        Matcher m =
                Pattern.compile("(?m)^jobwarden_history_pruned_total (\\S+)$").matcher(registry.scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The store as it is, but its prunes are recorded and the first one waits for {@code release}. */
    private static JobStore watchPruning(
            JobStore store, List<PruneCall> calls, AtomicLong deleted, CountDownLatch release) {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) return null; // the harness closes the real store
                    boolean prune = method.getName().equals("pruneHistory");
                    if (prune) {
                        calls.add(new PruneCall(Thread.currentThread().getName(), (Instant) args[1]));
                        if (calls.size() == 1 && !release.await(60, TimeUnit.SECONDS))
                            throw new IllegalStateException("the test never released the first prune");
                    }
                    try {
                        Object result = method.invoke(store, args);
                        if (prune) deleted.addAndGet((Long) result);
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
