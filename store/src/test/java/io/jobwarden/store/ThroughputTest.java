package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.FirePlan;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.PlannedFire;
import io.jobwarden.engine.spi.RunCompletion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, does not judge: how many fires one node claims and records per second, the way the engine drives the
 * store (one thread claiming batches, another recording outcomes in batches), with the history kept. The figures go
 * to the log; the only assertions are that every fire went through.
 */
class ThroughputTest {
    private static final Logger log = LoggerFactory.getLogger(ThroughputTest.class);
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final int JOBS = 200;
    /** 5,000 fires in the normal test run, a smoke; {@code -Djobwarden.bench.firesPerJob=100} gives 20,000. */
    private static final int FIRES_PER_JOB = Integer.getInteger("jobwarden.bench.firesPerJob", 25);

    private static final int BATCH = 500;

    static Stream<StoreTarget> targets() {
        return Stream.of(StoreTarget.sqlite(), StoreTarget.postgres(), StoreTarget.mariadb());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void claimAndCompleteThroughput(StoreTarget target) throws Exception {
        String prefix = StoreTarget.uniquePrefix();
        try (JdbcJobStore store =
                target.open(StoreOptions.defaults().withTablePrefix(prefix).withMaxPoolSize(4))) {
            for (int j = 0; j < JOBS; j++) {
                store.createJob(
                        JobSpec.builder("bench-" + j, "@every 1s", "shell")
                                .zone(ZoneOffset.UTC)
                                .settings(Map.of("command", List.of("true")))
                                .overlap(OverlapPolicy.ALLOW)
                                .build(),
                        JobOrigin.API,
                        T0.minusSeconds(3600));
            }
            long planStart = System.nanoTime();
            store.planDue(T0, JOBS, (job, now) -> {
                List<PlannedFire> fires = new ArrayList<>(FIRES_PER_JOB);
                for (int f = 0; f < FIRES_PER_JOB; f++) fires.add(new PlannedFire(T0.minusSeconds(3600 - f), null));
                return new FirePlan(fires, null);
            });
            double planSeconds = (System.nanoTime() - planStart) / 1e9;
            int total = JOBS * FIRES_PER_JOB;

            LinkedBlockingQueue<ClaimedRun> finished = new LinkedBlockingQueue<>();
            int[] recorded = {0};
            Thread recorder = new Thread(
                    () -> {
                        List<ClaimedRun> batch = new ArrayList<>(BATCH);
                        while (recorded[0] < total) {
                            try {
                                ClaimedRun first = finished.poll(10, TimeUnit.SECONDS);
                                if (first == null) return;
                                batch.add(first);
                                finished.drainTo(batch, BATCH - 1);
                            } catch (InterruptedException e) {
                                return;
                            }
                            List<RunCompletion> done = new ArrayList<>(batch.size());
                            for (ClaimedRun run : batch) {
                                done.add(new RunCompletion(
                                        run.runId(),
                                        run.jobId(),
                                        run.fireAt(),
                                        "bench",
                                        RunState.SUCCEEDED,
                                        T0,
                                        0,
                                        "ok\n",
                                        null,
                                        null,
                                        null));
                            }
                            recorded[0] += store.complete(done);
                            batch.clear();
                        }
                    },
                    "bench-recorder");

            long start = System.nanoTime();
            recorder.start();
            int claimed = 0;
            while (claimed < total) {
                List<ClaimedRun> runs = store.claim(new ClaimRequest("bench", T0, Map.of("default", BATCH), BATCH));
                if (runs.isEmpty()) break;
                claimed += runs.size();
                finished.addAll(runs);
            }
            recorder.join(300_000);
            double seconds = (System.nanoTime() - start) / 1e9;

            log.info(String.format(
                    "%s: %d fires claimed and recorded in %.2f s = %.0f runs/s (batches of %d; planning %d fires took %.2f s)",
                    target.name(), total, seconds, total / seconds, BATCH, total, planSeconds));
            assertThat(claimed).isEqualTo(total);
            assertThat(recorded[0]).isEqualTo(total);
            assertThat(store.recentRuns(1, null)).hasSize(1);
        } finally {
            target.dropTables(prefix);
        }
    }
}
