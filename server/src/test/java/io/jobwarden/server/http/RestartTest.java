package io.jobwarden.server.http;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static io.jobwarden.server.http.LiveServer.job;
import static io.jobwarden.server.http.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwarden.engine.JobSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs posted to the API fire without a restart and persist across one; a config job edited through the API keeps
 * the edit across a restart while the file's definition of it is unchanged (semantics.md, "Config jobs and API
 * edits"), and a config job deleted through the API comes back from the file.
 */
class RestartTest {
    static final JobSpec FROM_CONFIG =
            JobSpec.of("from-config", "0 0 3 * * ?", "test", Map.of("output", "config version"));

    @Test
    void apiJobsFireAtOnceAndSurviveARestartAndAnApiEditOfAConfigJobStands(@TempDir Path dir) {
        try (LiveServer live = LiveServer.start(dir, s -> s, List.of(), List.of(FROM_CONFIG))) {
            assertThat(json(live.get("/api/jobs/from-config", VIEWER))
                            .path("origin")
                            .asText())
                    .isEqualTo("config");

            assertThat(live.call("POST", "/api/jobs", OPERATOR, job("every-second", "@every 1s", "\"output\":\"tick\""))
                            .statusCode())
                    .isEqualTo(201);
            long firstRun = awaitSucceededRunAfter(live, "every-second", 0);

            JsonNode put = json(live.call(
                    "PUT",
                    "/api/jobs/from-config",
                    OPERATOR,
                    job("from-config", "0 0 4 * * ?", "\"output\":\"api version\"")));
            assertThat(put.path("origin").asText()).isEqualTo("api");
            assertThat(put.path("definition").path("output").asText()).isEqualTo("api version");
            assertThat(live.call("DELETE", "/api/jobs/every-second", OPERATOR, null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(live.call("POST", "/api/jobs", OPERATOR, job("every-second", "@every 1s", "\"output\":\"tock\""))
                            .statusCode())
                    .isEqualTo(201);

            long lastBeforeRestart = live.engine.runs("every-second", 1, null).stream()
                    .mapToLong(r -> r.runId())
                    .findFirst()
                    .orElse(firstRun);

            live.restart();

            JsonNode api = json(live.get("/api/jobs/every-second", VIEWER));
            assertThat(api.path("origin").asText()).isEqualTo("api");
            assertThat(api.path("definition").path("output").asText()).isEqualTo("tock");
            long afterRestart = awaitSucceededRunAfter(live, "every-second", lastBeforeRestart);
            assertThat(json(live.get("/api/runs/" + afterRestart, VIEWER))
                            .path("output")
                            .asText())
                    .contains("tock");

            JsonNode config = json(live.get("/api/jobs/from-config", VIEWER));
            assertThat(config.path("origin").asText()).isEqualTo("api");
            assertThat(config.path("definition").path("output").asText()).isEqualTo("api version");
            assertThat(config.path("definition").path("schedule").asText()).isEqualTo("0 0 4 * * ?");

            assertThat(live.call("DELETE", "/api/jobs/from-config", OPERATOR, null)
                            .statusCode())
                    .isEqualTo(204);
            live.restart();
            JsonNode back = json(live.get("/api/jobs/from-config", VIEWER));
            assertThat(back.path("origin").asText()).isEqualTo("config");
            assertThat(back.path("definition").path("output").asText()).isEqualTo("config version");
        }
    }

    /** Waits for a SUCCEEDED run of {@code job} with a run id above {@code after}, and returns its id. */
    private static long awaitSucceededRunAfter(LiveServer live, String job, long after) {
        long[] found = {0};
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (JsonNode r :
                            json(live.get("/api/jobs/" + job + "/runs", VIEWER)).path("runs")) {
                        if (r.path("state").asText().equals("SUCCEEDED")
                                && r.path("runId").asLong() > after) {
                            found[0] = r.path("runId").asLong();
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }
}
