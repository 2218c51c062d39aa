package io.jobwarden.server.http.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The dashboard's "next fires" column reads {@code nextFireState} instead of showing a due fire as a past time. */
class JobViewTest {
    private static final Instant NOW = Instant.parse("2026-06-01T04:19:12Z");
    private static final Instant DUE = Instant.parse("2026-06-01T04:19:06Z");

    @Test
    void a_due_fire_of_a_running_job_is_running() {
        assertThat(JobView.nextFireState(DUE, run(RunState.RUNNING), NOW)).isEqualTo("running");
    }

    @Test
    void a_due_fire_nobody_runs_yet_is_waiting() {
        assertThat(JobView.nextFireState(DUE, run(RunState.SUCCEEDED), NOW)).isEqualTo("waiting");
        assertThat(JobView.nextFireState(DUE, null, NOW)).isEqualTo("waiting");
        assertThat(JobView.nextFireState(NOW, null, NOW)).as("due this instant").isEqualTo("waiting");
    }

    @Test
    void a_fire_still_ahead_or_none_has_no_state() {
        assertThat(JobView.nextFireState(NOW.plusSeconds(1), run(RunState.RUNNING), NOW))
                .isNull();
        assertThat(JobView.nextFireState(null, run(RunState.RUNNING), NOW)).isNull();
    }

    private static RunRecord run(RunState state) {
        return new RunRecord(7, "report", DUE, 1, state, "node-1", DUE, null, null, null, null, null);
    }
}
