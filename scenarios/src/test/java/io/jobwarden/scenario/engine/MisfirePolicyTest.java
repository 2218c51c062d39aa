package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.MisfirePolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/semantics.md, misfire: fires missed while the service was down. The engine stops, an hour passes on the
 * clock, and a new engine starts over the same store file, as after an outage.
 */
class MisfirePolicyTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:30Z");

    @TempDir
    Path dir;

    private static JobSpec everyMinute(MisfirePolicy misfire) {
        return JobSpec.builder("m", "0 * * * * ?", "java").misfire(misfire).build();
    }

    /** Runs the job once on time, stops, comes back an hour later and makes one pass. */
    private List<RunRecord> outage(MisfirePolicy policy, int catchUpLimit) {
        try (EngineHarness h = new EngineHarness(dir, START)) {
            h.start(b -> b.task(everyMinute(policy), ctx -> {}).catchUpLimit(catchUpLimit));
            h.at("2026-01-01T00:01:00Z");
            h.passAndSettle();
            h.stopEngine();

            h.at("2026-01-01T01:01:30Z");
            h.start(b -> b.task(everyMinute(policy), ctx -> {}).catchUpLimit(catchUpLimit));
            // A catch-up backlog runs one fire after another: one pass per fire here, a wake-up per run in production.
            for (int i = 0; i < 200 && (i < 2 || h.store.pendingFires(h.clock.instant()) > 0); i++) h.passAndSettle();
            assertThat(h.job("m").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T01:02:00Z"));
            return h.runs("m");
        }
    }

    @Test
    void fireOnceRunsOneFireForEverythingMissed() {
        List<RunRecord> runs = outage(MisfirePolicy.FIRE_ONCE, 100);
        assertThat(runs).hasSize(2);
        RunRecord recovered = runs.get(1);
        assertThat(recovered.fireAt()).as("the latest missed fire").isEqualTo(Instant.parse("2026-01-01T01:01:00Z"));
        assertThat(recovered.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(recovered.note()).isEqualTo("misfire: fire-once for 60 missed fires");
    }

    @Test
    void skipRunsNoneOfTheMissedFires() {
        List<RunRecord> runs = outage(MisfirePolicy.SKIP, 100);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).fireAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
    }

    @Test
    void catchUpRunsEveryMissedFireInOrder() {
        List<RunRecord> runs = outage(MisfirePolicy.CATCH_UP, 100);
        assertThat(runs).hasSize(61);
        List<RunRecord> caughtUp = runs.subList(1, 61);
        assertThat(caughtUp).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(r.note()).isEqualTo("catch-up");
        });
        assertThat(caughtUp)
                .extracting(RunRecord::fireAt)
                .isSortedAccordingTo(Instant::compareTo)
                .startsWith(Instant.parse("2026-01-01T00:02:00Z"))
                .endsWith(Instant.parse("2026-01-01T01:01:00Z"));
    }

    @Test
    void catchUpIsBoundedAndSaysSoInTheHistory() {
        List<RunRecord> runs = outage(MisfirePolicy.CATCH_UP, 10);
        assertThat(runs).hasSize(11);
        assertThat(runs.get(1).fireAt()).isEqualTo(Instant.parse("2026-01-01T00:52:00Z"));
        assertThat(runs.get(1).note()).isEqualTo("catch-up: last 10 of 60 missed fires (limit 10)");
    }

    @Test
    void aFireLessLateThanTheThresholdIsNotAMisfire() {
        try (EngineHarness h = new EngineHarness(dir, START)) {
            h.start(b -> b.task(everyMinute(MisfirePolicy.SKIP), ctx -> {}).misfireThreshold(Duration.ofSeconds(5)));
            h.at("2026-01-01T00:01:04Z");
            h.passAndSettle();
            assertThat(h.runs("m"))
                    .extracting(RunRecord::fireAt)
                    .containsExactly(Instant.parse("2026-01-01T00:01:00Z"));
        }
    }
}
