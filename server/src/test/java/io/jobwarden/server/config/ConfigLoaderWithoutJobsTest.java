package io.jobwarden.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's read: every setting checked, the jobs stepped over (the worker reads and reports them). */
class ConfigLoaderWithoutJobsTest {
    @TempDir
    Path base;

    private JobwardenConfig parse(String yaml) {
        return new ConfigLoader(List.of(), Map.of()).withoutJobs().parse(yaml, "jobwarden.yml", base);
    }

    @Test
    void readsTheSettingsAndNoJobsHoweverBrokenTheJobsAre() {
        JobwardenConfig cfg = parse("name: sup\nsupervisor: { heartbeat-timeout: 7s }\njobs:\n"
                + "  - { id: bad, schedule: \"0 0 61 * * ?\", type: ftp }\n  - just a string\n");
        assertThat(cfg.name()).isEqualTo("sup");
        assertThat(cfg.supervisor().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(cfg.jobs()).isEmpty();
    }

    @Test
    void aBrokenSettingIsStillReported() {
        assertThatThrownBy(() -> parse("threads: 0\njobs: []\n"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors())
                        .extracting(FieldError::field)
                        .containsExactly("threads"));
    }

    @Test
    void aSyntaxErrorAmongTheJobsIsStillReported() {
        assertThatThrownBy(() -> parse("jobs:\n  - id: a\n\t  schedule: x\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tab");
    }

    @Test
    void readsTheSameSettingsAsTheWholeReadWhateverFormTheJobsTake() {
        List<String> files = List.of(
                "name: a\njobs:\n  - id: x\n    schedule: \"@every 1s\"\n    type: shell\n    command: [\"true\"]\n"
                        + "threads: 3\nsupervisor: { heartbeat-timeout: 9s }\n",
                // An alias to an anchor among the jobs: the blanked text fails, the whole one is read.
                "jobs:\n  - id: &n anchored\n    schedule: \"@every 1s\"\n    type: shell\n    command: [\"true\"]\n"
                        + "name: *n\n",
                // A quoted scalar that goes on at column 0: nothing blanked.
                "jobs:\n  - id: x\n    schedule: \"@every 1s\"\n    type: shell\n    command: [\"echo\nthreads: 7 #\"]\n"
                        + "name: q\n");
        for (String yaml : files) {
            JobwardenConfig whole = new ConfigLoader(TestRunners.all(), Map.of()).parse(yaml, "jobwarden.yml", base);
            JobwardenConfig settings = parse(yaml);
            assertThat(settings.name()).as(yaml).isEqualTo(whole.name());
            assertThat(settings.threads()).as(yaml).isEqualTo(whole.threads());
            assertThat(settings.supervisor()).as(yaml).isEqualTo(whole.supervisor());
            assertThat(settings.jobs()).isEmpty();
            assertThat(whole.jobs()).hasSize(1);
        }
    }

    @Test
    void aSettingBrokenAfterTheJobsIsReportedWithItsLine() {
        assertThatThrownBy(() -> parse("jobs:\n  - id: x\n  - id: y\nhttp:\n  port: [1\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 6");
    }
}
