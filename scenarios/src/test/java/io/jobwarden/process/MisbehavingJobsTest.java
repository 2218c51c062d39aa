package io.jobwarden.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs that throw, exhaust the heap, or spin past their timeout, in the real supervised product: each is recorded
 * for what it did and the service keeps running (an OOM costs a worker restart, not the service).
 */
class MisbehavingJobsTest {
    @TempDir
    Path dir;

    @Test
    void throwingOomAndSpinningJobsAreEachRecordedAndTheServiceKeepsRunning() throws Exception {
        Instant soon = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        Path config = dir.resolve("jobwarden.yml");
        Files.writeString(config, """
                name: misbehaving
                store: { url: "jdbc:sqlite:data/jobwarden.db" }
                supervisor: { heartbeat-timeout: 20s, restart-delay: 500ms, jvm-options: ["-Xmx96m"] }
                jobs:
                  - { id: thrower, schedule: "@at %1$s", type: java, class: "%2$s$Throws" }
                  - { id: spinner, schedule: "@at %1$s", type: java, class: "%2$s$SpinsForever", timeout: 2s }
                  - { id: hog, schedule: "@at %3$s", type: java, class: "%2$s$AllocatesForever" }
                  - { id: heartbeat, schedule: "@every 1s", type: shell, command: ["true"] }
                """.formatted(soon, MisbehavingTasks.class.getName(), soon.plusSeconds(20)));
        try (JobwardenProcess jw =
                JobwardenProcess.start(config, JobwardenProcess.freePort(), dir.resolve("out.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(jw::healthy);
            long firstWorker = jw.worker().orElseThrow().pid();

            JsonNode thrown = await().atMost(Duration.ofSeconds(60))
                    .until(() -> ended(jw, "thrower"), Optional::isPresent)
                    .get();
            assertThat(thrown.path("state").asText()).isEqualTo("FAILED");
            JsonNode detail = JobwardenProcessJson.run(jw, thrown.path("runId").asLong());
            assertThat(detail.path("error").asText())
                    .contains("java.lang.IllegalStateException: the ledger does not balance")
                    .contains("Caused by: java.lang.ArithmeticException: off by one")
                    .contains("MisbehavingTasks$Throws.run");

            // A task that ignores its timeout cannot be killed inside the JVM: it is reported stuck and still
            // counts as running (its slot, its fire), so no retry or overlapping run starts beside it.
            await().atMost(Duration.ofSeconds(60)).until(() -> jw.log().contains("it is stuck and still counts as"));
            assertThat(last(jw, "spinner").orElseThrow().path("state").asText()).isEqualTo("RUNNING");

            // The hog takes the worker's heap: the worker exits, the supervisor starts another, the run is ABANDONED.
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> jw.worker().filter(w -> w.pid() != firstWorker).isPresent() && jw.healthy());
            JsonNode hog = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> last(jw, "hog")
                                    .filter(r -> r.path("state").asText().equals("ABANDONED")),
                            Optional::isPresent)
                    .get();
            assertThat(hog.path("attempt").asInt()).isEqualTo(1);
            assertThat(last(jw, "spinner").orElseThrow().path("state").asText())
                    .as("the stuck spinner ended with the worker that ran it")
                    .isEqualTo("ABANDONED");
            await().atMost(Duration.ofSeconds(30)).until(() -> jw.log().contains("OutOfMemoryError"));

            int before = jw.runs("heartbeat").size();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jw.runs("heartbeat").size() > before + 2);
        }
    }

    private static Optional<JsonNode> last(JobwardenProcess jw, String job) {
        List<JsonNode> runs = jw.runs(job);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** The job's newest run once it has an outcome. */
    /** The job's last run once it has an outcome: a run claimed ahead of its instant is listed as SCHEDULED first. */
    private static Optional<JsonNode> ended(JobwardenProcess jw, String job) {
        return last(jw, job)
                .filter(r -> !List.of("SCHEDULED", "RUNNING")
                        .contains(r.path("state").asText()));
    }
}
