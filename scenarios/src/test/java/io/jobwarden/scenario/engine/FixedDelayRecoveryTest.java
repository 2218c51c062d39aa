package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.testkit.SteppedEngine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed-delay job plans its next fire when a run ends. When the run's node dies instead, and the retry policy
 * allows no retry, the job must still go on: recovery plans its next fire from the moment of recovery.
 */
class FixedDelayRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aFixedDelayJobWhoseRunWasAbandonedFiresAgain() {
        JobSpec spec = JobSpec.builder("d", "@delay 10s", "java").build();
        CountDownLatch never = new CountDownLatch(1);
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            SteppedEngine dead = h.start(b -> b.task(spec, ctx -> never.await()));
            h.at("2026-01-01T00:00:10Z");
            dead.pass();
            await().until(() -> dead.busy() == 1);
            assertThat(h.job("d").nextFireAt()).as("waiting for the run to end").isNull();

            // The same node starts again while the old process's run is still marked RUNNING: it is abandoned.
            h.at("2026-01-01T00:00:20Z");
            h.start(b -> b.task(spec, ctx -> {}));
            h.passAndSettle();
            assertThat(h.runs("d")).extracting(RunRecord::state).containsExactly(RunState.ABANDONED);
            assertThat(h.job("d").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));

            h.at("2026-01-01T00:00:30Z");
            h.passAndSettle();
            assertThat(h.runs("d"))
                    .extracting(RunRecord::state)
                    .containsExactly(RunState.ABANDONED, RunState.SUCCEEDED);
            never.countDown();
            dead.close();
        }
    }
}
