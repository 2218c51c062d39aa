package io.jobwarden.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's promise (docs/semantics.md): kill the process with SIGKILL while a shell job runs, start it
 * again, and the interrupted run is recorded ABANDONED, its fire retried per the retry policy, the job process the
 * dead worker left is killed before the retry, and fires missed while down follow the misfire policy.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aRunCutOffBySigkillIsRecoveredAndRetriedAndMissedFiresFollowTheMisfirePolicy() throws Exception {
        Path effects = dir.resolve("effects.log");
        Path config = dir.resolve("jobwarden.yml");
        // The first run ever sleeps long, so the kill finds it running; every later run finishes at once.
        Path marker = dir.resolve("first-run-started");
        Files.writeString(config, """
                name: crash-test
                store: { url: "jdbc:sqlite:data/jobwarden.db" }
                shutdown-timeout: 2s
                jobs:
                  - id: slow
                    schedule: "*/3 * * * * ?"
                    type: shell
                    shell: 'echo "start $JOBWARDEN_FIRE_TIME $JOBWARDEN_ATTEMPT $$" >> %s; if [ ! -f %s ]; then touch %s; sleep 120; fi; echo "end $JOBWARDEN_FIRE_TIME $JOBWARDEN_ATTEMPT" >> %s'
                    retry: { max: 2, backoff: 1s }
                    overlap: skip
                    misfire: fire-once
                """.formatted(effects, marker, marker, effects));
        int port = JobwardenProcess.freePort();
        Path out = dir.resolve("process.log");

        String cutOffFire;
        long orphanPid;
        try (JobwardenProcess first = JobwardenProcess.start(config, port, out, "--no-supervisor")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            Files.exists(effects) && !Files.readString(effects).isBlank());
            String[] start = Files.readAllLines(effects).get(0).split(" ");
            cutOffFire = start[1];
            orphanPid = Long.parseLong(start[3]);
            first.signal("KILL", first.process.pid());
            first.process.waitFor();
            assertThat(first.process.exitValue()).isEqualTo(137);
        }
        assertThat(running(orphanPid)).as("the job's shell outlived its worker").isTrue();

        Thread.sleep(9_000); // down for three fires: more than the 5 s misfire threshold
        try (JobwardenProcess second = JobwardenProcess.start(config, port, out, "--no-supervisor")) {
            await().atMost(Duration.ofSeconds(60)).until(second::healthy);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(effects).contains("end " + cutOffFire + " 2"));

            List<JsonNode> runs = second.runs("slow");
            Map<Integer, String> attemptsOfCutOffFire = runs.stream()
                    .filter(r -> r.path("fireAt").asText().equals(cutOffFire))
                    .collect(Collectors.toMap(
                            r -> r.path("attempt").asInt(), r -> r.path("state").asText()));
            assertThat(attemptsOfCutOffFire).containsEntry(1, "ABANDONED").containsEntry(2, "SUCCEEDED");
            assertThat(runs).anySatisfy(r -> assertThat(r.path("note").asText()).startsWith("misfire: fire-once"));
            assertThat(running(orphanPid))
                    .as("the orphaned shell of attempt 1 was killed before its fire was retried")
                    .isFalse();
            assertThat(Files.readString(effects)).doesNotContain("end " + cutOffFire + " 1");
            // A worker's line, relayed by its supervisor once the supervisor's own start is done.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> second.log().contains("killed 1 job process trees left by a worker that died"));

            // A graceful stop: the run in progress is cancelled after the shutdown timeout and nothing is left behind.
            second.signal("TERM", second.process.pid());
            assertThat(second.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            assertThat(second.descendants()).isEmpty();
        }
    }

    /** Alive and not a zombie: this container's init may leave a killed orphan unreaped, and Java counts those. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
