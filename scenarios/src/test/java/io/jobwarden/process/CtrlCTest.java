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
            // "--": without it procps kill reads "-PID" as an option and signals its own group, the test's.
            new ProcessBuilder("kill", "-s", "INT", "--", "-" + jw.process.pid())
                    .inheritIO()
                    .start()
                    .waitFor();

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

    /** The job's {@code sleep 30}, a descendant of the launcher whatever its session. */
    private static ProcessHandle sleepProcess(JobwardenProcess jw) {
        return jw.descendants().stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .findFirst()
                .orElse(null);
    }
}
