package io.jobwarden.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.supervisor.JvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorLaunchTest {
    @TempDir
    Path dir;

    @Test
    void theWorkerCommandCarriesTheWorkerDefaultsThenTheConfiguredJvmOptions() {
        JobwardenConfig cfg = config("supervisor:\n  jvm-options: [\"-Xmx200m\", \"-XX:+UseG1GC\"]\n");

        List<String> command = SupervisorLaunch.workerCommand(cfg, List.of("run", "--no-supervisor"));

        assertThat(command).containsSubsequence("-Xms8m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xmx200m");
        assertThat(command).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
        assertThat(command.subList(command.size() - 3, command.size()))
                .containsExactly("io.jobwarden.server.cli.Main", "run", "--no-supervisor");
    }

    @Test
    void withoutJvmOptionsTheWorkerRunsOnTheMeasuredDefaults() {
        List<String> command = SupervisorLaunch.workerCommand(config(""), List.of("run", "--no-supervisor"));

        assertThat(command).containsSubsequence(JvmOptions.WORKER);
    }

    @Test
    void binJobwardenGivesTheSupervisorTheSameDefaultsAsTheServiceCommandLine() throws IOException {
        Path launcher = Path.of("..", "bin", "jobwarden");
        Matcher line = Pattern.compile("(?m)^JOBWARDEN_SUPERVISOR_JVM_DEFAULTS=\"([^\"]*)\"$")
                .matcher(Files.readString(launcher));

        assertThat(line.find()).as("the defaults' line in " + launcher).isTrue();
        assertThat(List.of(line.group(1).split(" "))).containsExactlyElementsOf(JvmOptions.SUPERVISOR);
    }

    private JobwardenConfig config(String yaml) {
        return new ConfigLoader(JobTypes.defaults()).parse(yaml, "jobwarden.yml", dir);
    }
}
