package io.jobwarden.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One instance identity is one live process, decided by the operating system (docs/configuration.md, "Instances"):
 * names given with {@code --name} get their own data and logs, a second process of one identity is refused naming
 * the first, and a start right after a {@code kill -9} is not refused and recovers what the dead process left.
 */
@EnabledOnOs(OS.LINUX)
class InstanceIdentityTest {
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Path config(String jobs) throws Exception {
        Path config = dir.resolve("jobwarden.yml");
        Files.writeString(config, "shutdown-timeout: 2s\njobs:\n" + jobs);
        return config;
    }

    @Test
    void twoNamesFromOneConfigGetTheirOwnDataDirectoryStoreAndLogs() throws Exception {
        Path config = config("""
                  - { id: tick, schedule: "@every 1s", type: shell, command: ["true"] }
                """);
        try (JobwardenProcess a = JobwardenProcess.start(
                        config, JobwardenProcess.freePort(), dir.resolve("out-a"), "--name", "a");
                JobwardenProcess b = JobwardenProcess.start(
                        config, JobwardenProcess.freePort(), dir.resolve("out-b"), "--name", "b")) {
            await().atMost(START).until(() -> a.healthy() && b.healthy());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !a.runs("tick").isEmpty() && !b.runs("tick").isEmpty());

            assertThat(dir.resolve("data/a/jobwarden.db")).isRegularFile();
            assertThat(dir.resolve("data/b/jobwarden.db")).isRegularFile();
            assertThat(dir.resolve("data/jobwarden.db")).doesNotExist();
            assertThat(dir.resolve("data/a/instance.lock")).isRegularFile();
            assertThat(dir.resolve("data/b/instance.lock")).isRegularFile();
            assertThat(Files.readString(dir.resolve("data/a/instance.lock"))).contains("pid " + a.process.pid());
            assertThat(dir.resolve("logs/a/jobwarden.log")).isRegularFile();
            assertThat(dir.resolve("logs/b/jobwarden.log")).isRegularFile();
            // The supervisor sets up its own log once its worker's start is done, a moment after it answers UP.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.isRegularFile(dir.resolve("logs/a/supervisor.log")));
            assertThat(dir.resolve("logs/jobwarden.log")).doesNotExist();
            assertThat(Files.readString(dir.resolve("logs/a/jobwarden.log")))
                    .contains("instance a is up")
                    .doesNotContain("instance b is up");
            // Neither recovered the other's runs as an earlier process of itself.
            assertThat(a.runs("tick")).noneMatch(r -> r.path("state").asText().equals("ABANDONED"));
            assertThat(b.runs("tick")).noneMatch(r -> r.path("state").asText().equals("ABANDONED"));
        }
    }

    @ParameterizedTest(name = "first {0}, second {1}")
    @ValueSource(strings = {"supervised", "--no-supervisor"})
    void aSecondProcessOfOneIdentityExitsTwoNamingTheFirst(String mode) throws Exception {
        Path config = config("""
                  - { id: tick, schedule: "@every 1s", type: shell, command: ["true"] }
                """);
        String[] extra = mode.equals("supervised") ? new String[0] : new String[] {"--no-supervisor"};
        try (JobwardenProcess first =
                JobwardenProcess.start(config, JobwardenProcess.freePort(), dir.resolve("out-1"), extra)) {
            await().atMost(START).until(first::healthy);
            for (String[] second : new String[][] {{}, {"--no-supervisor"}}) {
                Path out = dir.resolve("out-2" + String.join("", second));
                try (JobwardenProcess again =
                        JobwardenProcess.start(config, JobwardenProcess.freePort(), out, second)) {
                    assertThat(again.process.waitFor(60, TimeUnit.SECONDS))
                            .as("the second process ended; output:\n%s", again.log())
                            .isTrue();
                    assertThat(again.process.exitValue())
                            .as("exit code; output:\n%s", again.log())
                            .isEqualTo(2);
                    assertThat(again.log())
                            .contains("error: this instance is already running as process " + first.process.pid()
                                    + " (jobwarden run")
                            .contains("instance.lock")
                            .doesNotContain("\tat ");
                }
            }
            assertThat(first.healthy()).as("the first keeps running").isTrue();
            assertThat(Files.readString(dir.resolve("logs/jobwarden.log")))
                    .as("the refused processes wrote nothing into the first's log")
                    .doesNotContain("already running");
            assertThat(first.runs("tick"))
                    .noneMatch(r -> r.path("state").asText().equals("ABANDONED"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"supervised", "--no-supervisor"})
    void aStartRightAfterKillNineStartsAndRecoversTheDeadProcesssRuns(String mode) throws Exception {
        Path config = config("""
                  - { id: sleepy, schedule: "@every 2s", type: shell, command: ["sleep", "300"], retry: { max: 0 } }
                """);
        String[] extra = mode.equals("supervised") ? new String[0] : new String[] {"--no-supervisor"};
        int port = JobwardenProcess.freePort();
        long runId;
        ProcessHandle orphan;
        try (JobwardenProcess first = JobwardenProcess.start(config, port, dir.resolve("out-1"), extra)) {
            await().atMost(START).until(first::healthy);
            JsonNode running = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> first.runs("sleepy").stream()
                                    .filter(r -> r.path("state").asText().equals("RUNNING"))
                                    .findFirst()
                                    .orElse(null),
                            r -> r != null);
            runId = running.path("runId").asLong();
            orphan = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> first.descendants().stream()
                                    .filter(p -> p.info()
                                            .command()
                                            .map(c -> c.endsWith("/sleep"))
                                            .orElse(false))
                                    .findFirst()
                                    .orElse(null),
                            p -> p != null);
            // Every process of the instance but the job's, listed first: a killed supervisor's worker is no longer
            // its descendant. The worker before the supervisor, which is killed before it can restart one.
            List<ProcessHandle> instance = first.descendants().stream()
                    .filter(p -> p.pid() != orphan.pid())
                    .toList();
            for (ProcessHandle p : instance) first.signal("KILL", p.pid());
            first.signal("KILL", first.process.pid());
            assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> instance.stream().noneMatch(ProcessHandle::isAlive));
        }
        assertThat(orphan.isAlive()).as("the job's process outlived its worker").isTrue();

        try (JobwardenProcess again = JobwardenProcess.start(config, port, dir.resolve("out-2"), extra)) {
            await().atMost(START).until(again::healthy);
            assertThat(again.process.isAlive()).isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(again.runs("sleepy"))
                            .filteredOn(r -> r.path("runId").asLong() == runId)
                            .singleElement()
                            .satisfies(r -> assertThat(r.path("state").asText()).isEqualTo("ABANDONED")));
            await().atMost(Duration.ofSeconds(10))
                    .alias("the dead worker's job process was killed by the new worker")
                    .until(() -> !orphan.isAlive());
            assertThat(again.log()).doesNotContain("already running");
        } finally {
            orphan.destroyForcibly();
        }
    }
}
