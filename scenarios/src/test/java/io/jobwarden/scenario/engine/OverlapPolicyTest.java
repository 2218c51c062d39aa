package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/semantics.md, overlap: a fire that comes while the previous run still runs. */
class OverlapPolicyTest {
    @TempDir
    Path dir;

    private JobSpec everySecond(OverlapPolicy overlap) {
        return JobSpec.builder("o", "@every 1s", "java").overlap(overlap).build();
    }

    @Test
    void skipRecordsTheSecondFireAsSkipped() {
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00.500Z"))) {
            CountDownLatch release = new CountDownLatch(1);
            h.start(b -> b.task(everySecond(OverlapPolicy.SKIP), ctx -> release.await()));
            h.at("2026-01-01T00:00:01Z");
            h.engine.pass();
            await().until(() -> h.engine.busy() == 1);
            h.at("2026-01-01T00:00:02Z");
            h.engine.pass();
            release.countDown();
            h.settle();

            List<RunRecord> runs = h.runs("o");
            assertThat(runs)
                    .extracting(RunRecord::fireAt)
                    .containsExactly(Instant.parse("2026-01-01T00:00:01Z"), Instant.parse("2026-01-01T00:00:02Z"));
            assertThat(runs).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED, RunState.SKIPPED);
        }
    }

    @Test
    void queueStartsTheSecondFireRightAfterTheFirstEnds() {
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00.500Z"))) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger maxConcurrent = new AtomicInteger();
            h.start(b -> b.task(everySecond(OverlapPolicy.QUEUE), ctx -> {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                try {
                    release.await();
                } finally {
                    concurrent.decrementAndGet();
                }
            }));
            h.at("2026-01-01T00:00:01Z");
            h.engine.pass();
            await().until(() -> h.engine.busy() == 1);
            h.at("2026-01-01T00:00:02Z");
            h.engine.pass();
            assertThat(h.store.pendingFires(h.clock.instant()))
                    .as("the second fire waits")
                    .isEqualTo(1);
            release.countDown();
            h.settle();
            h.passAndSettle();

            List<RunRecord> runs = h.runs("o");
            assertThat(runs).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED, RunState.SUCCEEDED);
            assertThat(runs.get(1).fireAt()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
            assertThat(maxConcurrent.get()).isEqualTo(1);
        }
    }

    @Test
    void allowRunsBothAtOnce() {
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00.500Z"))) {
            CountDownLatch bothRunning = new CountDownLatch(2);
            h.start(b -> b.task(everySecond(OverlapPolicy.ALLOW), ctx -> {
                bothRunning.countDown();
                if (!bothRunning.await(20, java.util.concurrent.TimeUnit.SECONDS))
                    throw new AssertionError("ran alone");
            }));
            h.at("2026-01-01T00:00:01Z");
            h.engine.pass();
            h.at("2026-01-01T00:00:02Z");
            h.engine.pass();
            h.settle();
            assertThat(h.runs("o"))
                    .extracting(RunRecord::state)
                    .containsExactly(RunState.SUCCEEDED, RunState.SUCCEEDED);
        }
    }
}
