package io.jobwarden.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The plain {@code run} lines are read without picocli, as picocli reads them; anything else is left to picocli. */
class RunLineTest {
    @Test
    void readsEveryOptionInBothForms() {
        RunCommand run = RunLine.read("run", "--config", "a/jobwarden.yml", "--data=d", "--name", "n", "--port=8080")
                .orElseThrow();
        assertThat(run.config).isEqualTo(Path.of("a/jobwarden.yml"));
        assertThat(run.data).isEqualTo(Path.of("d"));
        assertThat(run.name).isEqualTo("n");
        assertThat(run.port).isEqualTo(8080);
        assertThat(run.noSupervisor).isFalse();

        RunCommand worker = RunLine.read("run", "--no-supervisor").orElseThrow();
        assertThat(worker.noSupervisor).isTrue();
        assertThat(worker.config).isNull();
        assertThat(worker.port).isNull();
    }

    @Test
    void leavesHelpMistakesAndOtherCommandsToPicocli() {
        assertThat(RunLine.read()).isEmpty();
        assertThat(RunLine.read("validate", "--config", "x")).isEmpty();
        assertThat(RunLine.read("run", "--help")).isEmpty();
        assertThat(RunLine.read("run", "-h")).isEmpty();
        assertThat(RunLine.read("run", "--bogus")).isEmpty();
        assertThat(RunLine.read("run", "--config")).isEmpty();
        assertThat(RunLine.read("run", "--config", "--data", "d")).isEmpty();
        assertThat(RunLine.read("run", "--port", "x")).isEmpty();
        assertThat(RunLine.read("run", "--port", "010")).isEmpty();
        assertThat(RunLine.read("run", "--port", "1", "--port", "2")).isEmpty();
        assertThat(RunLine.read("run", "--no-supervisor", "--no-supervisor")).isEmpty();
        assertThat(RunLine.read("run", "extra")).isEmpty();
    }

    @Test
    void aMistakeIsReportedByPicocliWithTheUsageExitCode() {
        assertThat(Main.execute("run", "--bogus")).isEqualTo(Main.USAGE);
        assertThat(Main.execute("run", "--port", "x")).isEqualTo(Main.USAGE);
    }
}
