package io.jobwarden.server.http;

import static io.jobwarden.server.FileConfiguredInstance.ADMIN;
import static io.jobwarden.server.FileConfiguredInstance.SECRET;
import static io.jobwarden.server.FileConfiguredInstance.errors;
import static io.jobwarden.server.FileConfiguredInstance.json;
import static io.jobwarden.server.http.control.ControlRoutes.SIGNATURE_HEADER;
import static io.jobwarden.server.http.control.ControlRoutes.TIMESTAMP_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwarden.server.FileConfiguredInstance;
import io.jobwarden.server.Worker;
import io.jobwarden.server.http.control.ControlSignature;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload semantics on a real worker reading a real config file: jobs added, replaced and removed without a restart
 * and firing at once, API jobs left alone, settings that need a restart named and not applied; a broken file, to
 * reload or to {@code /control restart}, refused with its errors while the old config keeps running.
 */
class ReloadTest {
    static final String KEEP = "    - { id: keep, schedule: \"0 0 3 * * ?\", type: shell, command: [\"/bin/true\"] }\n";
    static final String CHANGE =
            "    - { id: change, schedule: \"0 0 3 * * ?\", type: shell, command: [\"/bin/true\"] }\n";
    static final String DROP = "    - { id: drop, schedule: \"0 0 3 * * ?\", type: shell, command: [\"/bin/true\"] }\n";

    @Test
    void jobsAreAddedReplacedAndRemovedWithoutARestartAndApiJobsStay(@TempDir Path dir) {
        try (FileConfiguredInstance live = FileConfiguredInstance.start(dir, true, KEEP + CHANGE + DROP)) {
            Worker before = live.worker();
            assertThat(live.call(
                                    "POST",
                                    "/api/jobs",
                                    ADMIN,
                                    "{\"id\":\"from-api\",\"schedule\":\"0 0 3 * * ?\",\"type\":\"shell\","
                                            + "\"command\":[\"/bin/true\"]}")
                            .statusCode())
                    .isEqualTo(201);

            live.writeJobs(
                    KEEP
                            + CHANGE.replace("0 0 3", "0 0 4")
                            + "    - { id: ticks, schedule: \"@every 1s\", type: shell, command: [\"/bin/echo\", \"tick\"] }\n");
            HttpResponse<String> r = live.reload(ADMIN);

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode answer = json(r);
            assertThat(answer.path("added").toString()).isEqualTo("[\"ticks\"]");
            assertThat(answer.path("replaced").toString()).isEqualTo("[\"change\"]");
            assertThat(answer.path("removed").toString()).isEqualTo("[\"drop\"]");
            assertThat(answer.path("restartRequired").toString()).isEqualTo("[]");
            assertThat(live.storedSchedules())
                    .isEqualTo(Map.of(
                            "keep", "0 0 3 * * ?",
                            "change", "0 0 4 * * ?",
                            "ticks", "@every 1s",
                            "from-api", "0 0 3 * * ?"));
            assertThat(live.worker()).as("the same worker, not a restart").isSameAs(before);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> live.worker().engine().runs("ticks", 5, null).stream()
                            .anyMatch(run -> run.state().name().equals("SUCCEEDED")));

            // Nothing changed since: an empty answer.
            JsonNode again = json(live.reload(ADMIN));
            assertThat(again.path("added").size()
                            + again.path("replaced").size()
                            + again.path("removed").size())
                    .isZero();
        }
    }

    @Test
    void anApiEditOfAConfigJobStandsUntilTheFileChangesTheJob(@TempDir Path dir) {
        try (FileConfiguredInstance live = FileConfiguredInstance.start(dir, true, KEEP)) {
            assertThat(live.call(
                                    "PUT",
                                    "/api/jobs/keep",
                                    ADMIN,
                                    "{\"schedule\":\"0 0 9 * * ?\",\"type\":\"shell\",\"command\":[\"/bin/true\"]}")
                            .statusCode())
                    .isEqualTo(200);
            // The file's definition of the job has not changed since it was written: the API edit stands.
            JsonNode unchanged = json(live.reload(ADMIN));
            assertThat(unchanged.path("replaced").size()).isZero();
            assertThat(live.storedSchedules()).isEqualTo(Map.of("keep", "0 0 9 * * ?"));

            // The file changes the job: the file's version is back.
            live.writeRaw(live.text().replace("0 0 3 * * ?", "0 0 5 * * ?"));
            JsonNode changed = json(live.reload(ADMIN));
            assertThat(changed.path("replaced").toString()).isEqualTo("[\"keep\"]");
            assertThat(live.storedSchedules()).isEqualTo(Map.of("keep", "0 0 5 * * ?"));
        }
    }

    @Test
    void settingsThatNeedARestartAreNamedAndNotApplied(@TempDir Path dir) {
        try (FileConfiguredInstance live = FileConfiguredInstance.start(dir, true, KEEP)) {
            live.writeRaw(live.text().replace("name: reloadable\n", "name: reloadable\nthreads: 3\n")
                    + "history: { keep-days: 3 }\nshutdown-timeout: 9s\ncron-dialect: spring\n");
            JsonNode answer = json(live.reload(ADMIN));
            assertThat(answer.path("restartRequired").toString())
                    .isEqualTo("[\"threads\",\"shutdown-timeout\",\"cron-dialect\",\"history\"]");
            assertThat(live.worker().engine().settings().shutdownTimeout()).isNotEqualTo(Duration.ofSeconds(9));
            // Still not in effect at the next reload: named again until a restart.
            assertThat(json(live.reload(ADMIN)).path("restartRequired").toString())
                    .isEqualTo("[\"threads\",\"shutdown-timeout\",\"cron-dialect\",\"history\"]");
        }
    }

    @Test
    void aBrokenFileIsRefusedByReloadAndByControlRestartAndTheOldConfigKeepsRunning(@TempDir Path dir) {
        try (FileConfiguredInstance live = FileConfiguredInstance.start(dir, true, KEEP)) {
            Worker before = live.worker();
            live.writeJobs(
                    KEEP + "    - { id: bad, schedule: \"0 0 3 * * ?\", type: shell, timeout: -5s, command: [x] }\n");

            HttpResponse<String> reload = live.reload(ADMIN);
            assertThat(reload.statusCode()).isEqualTo(400);
            assertThat(errors(reload)).singleElement().asString().startsWith("jobs[1].timeout:");

            long now = System.currentTimeMillis() / 1000;
            String body = "{\"action\":\"restart\"}";
            HttpResponse<String> restart = live.call(
                    "POST",
                    "/control",
                    null,
                    body,
                    TIMESTAMP_HEADER,
                    Long.toString(now),
                    SIGNATURE_HEADER,
                    ControlSignature.sign(SECRET, now, body));
            assertThat(restart.statusCode()).isEqualTo(400);
            assertThat(errors(restart)).singleElement().asString().startsWith("jobs[1].timeout:");
            assertThat(live.worker()).isSameAs(before);
            assertThat(live.storedSchedules()).isEqualTo(Map.of("keep", "0 0 3 * * ?"));

            // Mended, the restart is accepted and the new worker runs the file's jobs.
            live.writeJobs(KEEP + DROP);
            long later = now + 1;
            HttpResponse<String> ok = live.call(
                    "POST",
                    "/control",
                    null,
                    body,
                    TIMESTAMP_HEADER,
                    Long.toString(later),
                    SIGNATURE_HEADER,
                    ControlSignature.sign(SECRET, later, body));
            assertThat(ok.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> live.worker() != null
                            && live.worker() != before
                            && live.storedSchedules().containsKey("drop"));
        }
    }
}
