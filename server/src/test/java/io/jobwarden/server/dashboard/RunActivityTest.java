package io.jobwarden.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.server.http.dashboard.RunActivity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs per minute, failures and lateness over a window of whole minutes. */
class RunActivityTest {
    static final Instant NOW = Instant.parse("2026-11-26T14:55:42Z");
    static long ids = 0;

    @Test
    void theWindowEndsWithTheCurrentMinuteAndCountsRunsInTheMinuteTheyStarted() {
        RunActivity activity = new RunActivity(NOW, 3);
        activity.add(run("14:55:00", "14:55:00.050", RunState.SUCCEEDED, 1));
        activity.add(run("14:55:10", "14:55:10.200", RunState.FAILED, 1));
        activity.add(run("14:53:59", "14:54:00.100", RunState.TIMED_OUT, 1)); // due in one minute, started in the next
        activity.add(run("14:53:00", "14:53:00.010", RunState.ABANDONED, 1));
        activity.add(run("14:52:59", "14:52:59.500", RunState.SUCCEEDED, 1)); // before the window
        activity.add(run("14:56:00", "14:56:00.000", RunState.SUCCEEDED, 1)); // after it (another node's clock)

        Map<String, Object> json = activity.toJson(true);

        assertThat(json)
                .containsEntry("from", "2026-11-26T14:53:00Z")
                .containsEntry("to", "2026-11-26T14:56:00Z")
                .containsEntry("bucketSeconds", 60)
                .containsEntry("complete", true);
        assertThat((int[]) json.get("runs")).containsExactly(1, 1, 2);
        assertThat((int[]) json.get("failures")).containsExactly(1, 1, 1);
        assertThat(json.get("totals")).isEqualTo(Map.of("runs", 4, "failures", 3));
    }

    @Test
    void skippedAndCancelledRunsCountAsRunsButNotAsFailures() {
        RunActivity activity = new RunActivity(NOW, 1);
        activity.add(run("14:55:01", null, RunState.SKIPPED, 1));
        activity.add(run("14:55:02", "14:55:02.001", RunState.CANCELLED, 1));
        activity.add(run("14:55:03", "14:55:03.001", RunState.RUNNING, 1));

        Map<String, Object> json = activity.toJson(false);

        assertThat((int[]) json.get("runs")).containsExactly(3);
        assertThat((int[]) json.get("failures")).containsExactly(0);
        assertThat(json).containsEntry("complete", false);
    }

    @Test
    void latenessIsMeasuredOnFirstAttemptsOnly() {
        RunActivity activity = new RunActivity(NOW, 10);
        for (int ms = 10; ms <= 200; ms += 10)
            activity.add(run("14:50:00", "14:50:00." + String.format("%03d", ms), RunState.SUCCEEDED, 1));
        // A retry keeps its fire's instant: its delay is the backoff, not lateness.
        activity.add(run("14:50:00", "14:54:00", RunState.SUCCEEDED, 2));
        activity.add(run("14:51:00", null, RunState.SKIPPED, 1));

        assertThat(activity.toJson(true).get("lateness"))
                .isEqualTo(Map.of("samples", 20, "p50Ms", 100L, "p95Ms", 190L, "maxMs", 200L));
    }

    @Test
    void withoutRunsEveryMinuteIsZeroAndLatenessUnknown() {
        Map<String, Object> json = new RunActivity(NOW, 180).toJson(true);

        assertThat((int[]) json.get("runs")).hasSize(180).containsOnly(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> lateness = (Map<String, Object>) json.get("lateness");
        assertThat(lateness)
                .containsEntry("samples", 0)
                .containsEntry("p50Ms", null)
                .containsEntry("p95Ms", null)
                .containsEntry("maxMs", null);
    }

    @Test
    void historyReadNewestFirstCanStopAtTheFirstRunBeforeTheWindow() {
        RunActivity activity = new RunActivity(NOW, 60);

        assertThat(activity.precedes(run("13:56:00", "13:56:00.010", RunState.SUCCEEDED, 1)))
                .isFalse();
        assertThat(activity.precedes(run("13:55:59", "13:55:59.999", RunState.SUCCEEDED, 1)))
                .isTrue();
        assertThat(activity.precedes(run("13:55:59", null, RunState.SKIPPED, 1)))
                .isTrue();
    }

    @Test
    void percentilesUseTheNearestRank() {
        assertThat(percentile(List.of(5L), 50)).isEqualTo(5L);
        assertThat(percentile(List.of(1L, 2L), 50)).isEqualTo(1L);
        assertThat(percentile(List.of(1L, 2L), 95)).isEqualTo(2L);
    }

    private static Long percentile(List<Long> sorted, int p) {
        RunActivity activity = new RunActivity(NOW, 1);
        for (Long ms : sorted)
            activity.add(run("14:55:00", "14:55:00." + String.format("%03d", ms), RunState.SUCCEEDED, 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> lateness =
                (Map<String, Object>) activity.toJson(true).get("lateness");
        return (Long) lateness.get(p == 50 ? "p50Ms" : "p95Ms");
    }

    private static RunRecord run(String due, String started, RunState state, int attempt) {
        Instant fireAt = Instant.parse("2026-11-26T" + due + "Z");
        Instant startedAt = started == null ? null : Instant.parse("2026-11-26T" + started + "Z");
        return new RunRecord(++ids, "job", fireAt, attempt, state, "node", startedAt, startedAt, 0, null, null, null);
    }
}
