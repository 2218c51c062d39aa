package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.MisfirePolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/semantics.md, misfire: an {@code @at} job registered after its instant is a missed fire like any other, and
 * its misfire policy decides; it must never just sit there without running or saying why.
 */
class PastAtInstantTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static JobSpec at(MisfirePolicy misfire) {
        return JobSpec.builder("once", "@at " + AT, "java").misfire(misfire).build();
    }

    /** The job is registered {@code late} after its instant and the engine makes one pass. */
    private List<RunRecord> registeredLate(MisfirePolicy policy, String now) {
        try (EngineHarness h = new EngineHarness(dir, Instant.parse(now))) {
            h.start(b -> b.task(at(policy), ctx -> {}));
            assertThat(h.job("once").nextFireAt())
                    .as("the past instant is kept as the fire")
                    .isEqualTo(AT);
            h.passAndSettle();
            h.passAndSettle();
            assertThat(h.job("once").nextFireAt()).isNull();
            return h.runs("once");
        }
    }

    @Test
    void fireOnceRunsItNow() {
        List<RunRecord> runs = registeredLate(MisfirePolicy.FIRE_ONCE, "2026-01-01T00:01:00Z");
        assertThat(runs).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED);
        assertThat(runs.get(0).fireAt()).isEqualTo(AT);
        assertThat(runs.get(0).note()).isEqualTo("misfire: fire-once");
    }

    @Test
    void catchUpRunsItNow() {
        List<RunRecord> runs = registeredLate(MisfirePolicy.CATCH_UP, "2026-01-01T00:01:00Z");
        assertThat(runs).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED);
        assertThat(runs.get(0).note()).isEqualTo("catch-up");
    }

    @Test
    void skipRecordsASkippedRunSayingWhy() {
        List<RunRecord> runs = registeredLate(MisfirePolicy.SKIP, "2026-01-01T00:01:00Z");
        assertThat(runs).extracting(RunRecord::state).containsExactly(RunState.SKIPPED);
        assertThat(runs.get(0).fireAt()).isEqualTo(AT);
        assertThat(runs.get(0).note())
                .isEqualTo("misfire: skip: the @at instant 2026-01-01T00:00:00Z was 1m in the past when it was"
                        + " planned (misfire threshold 5s)");
    }

    @Test
    void withinTheMisfireThresholdItRunsAsAnOnTimeFireWhateverThePolicy() {
        List<RunRecord> runs = registeredLate(MisfirePolicy.SKIP, "2026-01-01T00:00:02Z");
        assertThat(runs).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED);
        assertThat(runs.get(0).note()).isNull();
    }
}
