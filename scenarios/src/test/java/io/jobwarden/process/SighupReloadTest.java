package io.jobwarden.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGHUP to the process of {@code jobwarden run} reloads the config file (docs/semantics.md#supervision-and-crash-capture):
 * supervised, the supervisor passes it on to its worker; unsupervised, the worker handles it. A job added to the
 * file fires without a restart; a broken file is logged with its errors and the process keeps running its old
 * config. The signal goes to one pid only, the one this test started, checked to be alive and our own child.
 */
@EnabledOnOs(OS.LINUX)
class SighupReloadTest {
    private static final String HEAD = """
            name: sighup-test
            store: { url: "jdbc:sqlite:data/jobwarden.db" }
            shutdown-timeout: 2s
            jobs:
              - { id: before, schedule: "0 0 3 * * ?", type: shell, command: ["true"] }
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"supervised", "--no-supervisor"})
    void sighupReloadsTheConfigAndABrokenFileKeepsTheOldOne(String mode, @TempDir Path dir) throws Exception {
        Path config = dir.resolve("jobwarden.yml");
        Files.writeString(config, HEAD);
        String[] extra = mode.equals("supervised") ? new String[0] : new String[] {"--no-supervisor"};
        try (JobwardenProcess jw =
                JobwardenProcess.startWithSighup(config, JobwardenProcess.freePort(), dir.resolve("out"), extra)) {
            await().atMost(Duration.ofSeconds(90)).until(jw::healthy);

            Files.writeString(
                    config, HEAD + "  - { id: added, schedule: \"@every 1s\", type: shell, command: [\"true\"] }\n");
            hangUp(jw);
            await().atMost(Duration.ofSeconds(30))
                    .alias("the job added to the file runs")
                    .until(() -> jw.runs("added").stream()
                            .anyMatch(r -> r.path("state").asText().equals("SUCCEEDED")));
            // The worker's lines reach the supervised process's output through the supervisor, which relays them
            // only once its own start is done, a moment after the worker's: the job can run before its line is out.
            await().atMost(Duration.ofSeconds(30))
                    .alias("the worker's reload line, relayed")
                    .until(() -> jw.log().contains("config reloaded: added added"));

            Files.writeString(config, HEAD + "  - { id: broken, schedule: \"0 0 61 * * ?\", type: shell }\n");
            hangUp(jw);
            await().atMost(Duration.ofSeconds(30)).until(() -> jw.log().contains("config file refused"));
            assertThat(jw.log().lines().filter(l -> l.contains("config file refused")))
                    .as("the refusal is one log line naming the field")
                    .singleElement()
                    .satisfies(l -> assertThat(l).contains(" ERROR ", "jobs[1].schedule"));
            assertThat(jw.process.isAlive()).isTrue();
            assertThat(jw.healthy()).isTrue();
            // The old config runs on: the job the broken file dropped still fires.
            long before = jw.runs("added").size();
            await().atMost(Duration.ofSeconds(30)).until(() -> jw.runs("added").size() > before);
        }
    }

    /**
     * A SIGHUP while the supervisor's first worker still starts, and the supervisor has not set up its logging yet
     * (it waits for the worker's start): the worker reloads once it has connected and started, and the signal's line
     * is in the supervisor's log file, logged once logging is set up. Before, the line's logger started SLF4J on the
     * signal's thread: the line reached only the bootstrap console, or raced the logging's setup so that the
     * supervisor logged nothing at all. The worker runs interpreted only, so that its start outlasts the signal.
     */
    @Test
    void aSighupWhileTheWorkerStartsIsPassedOnOnceItCanReloadAndLoggedInTheSupervisorsLog(@TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("jobwarden.yml");
        Files.writeString(config, HEAD + "supervisor: { jvm-options: [\"-Xint\"] }\n");
        try (JobwardenProcess jw =
                JobwardenProcess.startWithSighup(config, JobwardenProcess.freePort(), dir.resolve("out"))) {
            // The supervisor handles signals from before it starts its worker.
            await().atMost(Duration.ofSeconds(60)).until(() -> jw.worker().isPresent());
            hangUp(jw);

            await().atMost(Duration.ofSeconds(90)).until(jw::healthy);
            await().atMost(Duration.ofSeconds(30))
                    .alias("the worker's reload, asked for while it started")
                    .until(() -> jw.log().contains("supervisor passed on SIGHUP: config reloaded"));
            Path supervisorLog = dir.resolve("logs").resolve("supervisor.log");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(supervisorLog)
                            && Files.readString(supervisorLog).contains("SIGHUP received"));
            assertThat(Files.readString(supervisorLog)).contains("supervises its worker", "Worker started, pid");
            assertThat(jw.log().lines().filter(l -> l.contains("SIGHUP received")))
                    .as("the signal's line, once, in the instance's own format")
                    .singleElement()
                    .satisfies(l -> assertThat(l).contains(" INFO  [", "StopSignals - SIGHUP received"));
            assertThat(jw.log()).contains("instance sighup-test is up");
        }
    }

    /** SIGHUP to the launched process alone: a pid this JVM started, still alive, and our direct child. */
    private static void hangUp(JobwardenProcess jw) throws Exception {
        long pid = jw.process.pid();
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        assertThat(handle.isAlive()).isTrue();
        assertThat(handle.parent().map(ProcessHandle::pid))
                .contains(ProcessHandle.current().pid());
        Process kill = new ProcessBuilder("kill", "-s", "HUP", Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).as("kill exit code").isZero();
    }
}
