package io.jobwarden.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class WorkerOutputTest {
    @Test
    void a_worker_log_line_is_relayed_at_its_own_level() {
        assertThat(WorkerOutput.levelOf(
                        "2026-12-02T07:31:25.123+01:00 ERROR [main] io.jobwarden.server.cli.RunCommand - boom",
                        Level.INFO))
                .isEqualTo(Level.ERROR);
        assertThat(WorkerOutput.levelOf(
                        "2026-12-02T07:31:25.123Z WARN  [jobwarden-fire] io.jobwarden.engine.FireLoop - late",
                        Level.ERROR))
                .isEqualTo(Level.WARN);
        assertThat(WorkerOutput.levelOf("2026-12-02T07:31:25.123-05:00 DEBUG [x] y - z", Level.INFO))
                .isEqualTo(Level.DEBUG);
    }

    @Test
    void a_stack_trace_stays_at_the_level_of_the_event_it_belongs_to() {
        assertThat(WorkerOutput.levelOf("\tat io.jobwarden.server.Worker.start(Worker.java:157)", Level.ERROR))
                .isEqualTo(Level.ERROR);
        assertThat(WorkerOutput.levelOf("Caused by: java.net.BindException: Address already in use", Level.ERROR))
                .isEqualTo(Level.ERROR);
        assertThat(WorkerOutput.levelOf("\t... 12 more", Level.WARN)).isEqualTo(Level.WARN);
    }

    @Test
    void output_outside_logging_is_info_unless_it_reports_a_failure() {
        assertThat(WorkerOutput.levelOf("hello from a println", Level.ERROR)).isEqualTo(Level.INFO);
        assertThat(WorkerOutput.levelOf("error: cannot listen on 127.0.0.1:8080", Level.INFO))
                .isEqualTo(Level.ERROR);
        assertThat(WorkerOutput.levelOf("Exception in thread \"main\" java.lang.OutOfMemoryError", Level.INFO))
                .isEqualTo(Level.ERROR);
        // A level word later in a line is a message, not the line's level.
        assertThat(WorkerOutput.levelOf("job said ERROR at 2026-12-02T07:31:25Z", Level.INFO))
                .isEqualTo(Level.INFO);
    }
}
