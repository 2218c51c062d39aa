package io.jobwarden.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C is a graceful stop (docs/semantics.md#graceful-stop) with the real product: SIGINT to the whole process
 * group of {@code jobwarden run}, as a terminal sends it, must not reach the running shell job, which is stopped by
 * the service after {@code shutdown-timeout} and recorded {@code CANCELLED}; and {@code run} exits 0.
 */
@EnabledOnOs(OS.LINUX)
class CtrlCTest {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"supervised", "--no-supervisor"})
    void ctrlCToTheProcessGroupStopsGracefullyAndExitsZero(String mode, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("jobwarden.yml");
        Files.writeString(config, """
                name: ctrl-c-test
                store: { url: "jdbc:sqlite:data/jobwarden.db" }
                shutdown-timeout: 2s
                jobs:
                  - id: sleepy
                    schedule: "@every 1s"
                    type: shell
                    command: ["sleep", "30"]
                    retry: { max: 2, backoff: 1s }
                """);
        String[] extra = mode.equals("supervised") ? new String[0] : new String[] {"--no-supervisor"};
        try (JobwardenProcess jw =
                JobwardenProcess.startAsGroupLeader(config, JobwardenProcess.freePort(), dir.resolve("out"), extra)) {
            await().atMost(Duration.ofSeconds(90)).until(jw::healthy);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jw.runs("sleepy").stream()
                            .anyMatch(r -> r.path("state").asText().equals("RUNNING")));
            ProcessHandle sleep = await().atMost(Duration.ofSeconds(10)).until(() -> sleepProcess(jw), p -> p != null);

            long signalledAt = System.nanoTime();
            // Ctrl-C in a terminal: SIGINT to every process of the foreground group.
            interruptGroupOf(jw.process.pid());

            assertThat(jw.process.waitFor(60, TimeUnit.SECONDS))
                    .as("run ended; output:\n%s", jw.log())
                    .isTrue();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt);
            assertThat(jw.process.exitValue())
                    .as("exit code; output:\n%s", jw.log())
                    .isZero();
            assertThat(tookMs)
                    .as("the job was given the shutdown timeout, not killed by the signal")
                    .isGreaterThanOrEqualTo(SHUTDOWN_TIMEOUT.toMillis());
            assertThat(sleep.isAlive())
                    .as("the job's process is stopped with the service")
                    .isFalse();

            try (JdbcJobStore store = JobStores.open(
                    "jdbc:sqlite:" + dir.resolve("data/jobwarden.db"), null, null, StoreOptions.defaults())) {
                List<RunRecord> runs = store.runs("sleepy", 50, null);
                assertThat(runs).extracting(RunRecord::state).contains(RunState.CANCELLED);
                assertThat(runs)
                        .as("no run died of the SIGINT")
                        .noneMatch(r -> r.state() == RunState.FAILED)
                        .noneMatch(r -> r.state() == RunState.RUNNING);
            }
        }
    }

    /**
     * SIGINT to the process group that {@code leader} leads, as Ctrl-C sends it. Guarded: a wrong group id here
     * (0, 1, the test's own group) would signal the build, the machine's databases or every process of the user.
     */
    private static void interruptGroupOf(long leader) throws Exception {
        long group = processGroup(leader);
        long ours = processGroup(ProcessHandle.current().pid());
        assertThat(group).as("the launcher leads its own process group").isEqualTo(leader);
        assertThat(group)
                .as("never the test's own group, nor init's")
                .isNotEqualTo(ours)
                .isGreaterThan(1);
        // "--": without it procps kill may read "-PGID" as an option.
        Process kill = new ProcessBuilder("kill", "-s", "INT", "--", "-" + group)
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).as("kill exit code").isZero();
    }

    /** Field 5 of /proc/PID/stat; the command name (field 2) may hold spaces, so count from its closing paren. */
    private static long processGroup(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[2]);
    }

    /** The job's {@code sleep 30}, a descendant of the launcher whatever its session. */
    private static ProcessHandle sleepProcess(JobwardenProcess jw) {
        return jw.descendants().stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .findFirst()
                .orElse(null);
    }
}
