package io.jobwarden.server.security;

import static io.jobwarden.server.security.PolicedInstance.ADMIN;
import static io.jobwarden.server.security.PolicedInstance.OPERATOR;
import static io.jobwarden.server.security.PolicedInstance.errors;
import static io.jobwarden.server.security.PolicedInstance.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.server.http.jobs.ApiJobPolicy;
import io.jobwarden.store.StoreOptions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token that may change jobs must not thereby run commands on the host: shell and java jobs written through the
 * API need admin, and {@code security.api-code-jobs: false} refuses them to everyone, while the config file's own
 * shell jobs keep running.
 */
class CodeJobRolesTest {
    private static final String SHELL = "{\"id\":\"%s\",\"schedule\":\"@daily\",\"type\":\"shell\","
            + "\"command\":[\"/bin/sh\",\"-c\",\"echo owned\"]}";
    private static final String JAVA = "{\"id\":\"%s\",\"schedule\":\"@daily\",\"type\":\"java\","
            + "\"class\":\"io.jobwarden.server.dashboard.FailingExport\"}";
    private static final String HTTP =
            "{\"id\":\"%s\",\"schedule\":\"@daily\",\"type\":\"http\",\"url\":\"http://127.0.0.1:9/hook\"}";

    @TempDir
    static Path dir;

    static PolicedInstance live;

    @BeforeAll
    static void start() {
        live = PolicedInstance.sqlite(dir, ApiJobPolicy.defaults(), List.of(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (live != null) live.close();
    }

    @Test
    void anOperatorCannotCreateShellOrJavaJobs() {
        for (String body : List.of(SHELL.formatted("op-shell"), JAVA.formatted("op-java"))) {
            HttpResponse<String> r = live.call("POST", "/api/jobs", OPERATOR, body);

            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(errors(r))
                    .singleElement()
                    .satisfies(e -> assertThat(e)
                            .startsWith("type: token 'ops' has role operator; creating or changing a ")
                            .endsWith(" job needs admin, because it runs commands on this host"));
        }
        assertThat(live.engine.job("op-shell")).isEmpty();
        assertThat(live.engine.job("op-java")).isEmpty();
        // Without a valid body the answer is the same 403: an operator learns nothing about what would pass.
        HttpResponse<String> probe =
                live.call("POST", "/api/jobs", OPERATOR, "{\"id\":\"probe\",\"type\":\"shell\",\"colour\":1}");
        assertThat(probe.statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorCannotTurnAJobIntoACodeJobNorChangeOne() {
        assertThat(live.call("POST", "/api/jobs", OPERATOR, HTTP.formatted("hook"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(live.call("POST", "/api/jobs", ADMIN, SHELL.formatted("admin-shell"))
                        .statusCode())
                .isEqualTo(201);
        JobSpec hookBefore = live.engine.job("hook").orElseThrow().spec();
        JobSpec shellBefore = live.engine.job("admin-shell").orElseThrow().spec();

        HttpResponse<String> toShell = live.call("PUT", "/api/jobs/hook", OPERATOR, SHELL.formatted("hook"));
        HttpResponse<String> shellToHttp =
                live.call("PUT", "/api/jobs/admin-shell", OPERATOR, HTTP.formatted("admin-shell"));
        HttpResponse<String> newShell = live.call("PUT", "/api/jobs/put-shell", OPERATOR, SHELL.formatted("put-shell"));

        assertThat(toShell.statusCode()).isEqualTo(403);
        assertThat(shellToHttp.statusCode()).isEqualTo(403);
        assertThat(errors(shellToHttp))
                .containsExactly("type: token 'ops' has role operator; creating or changing a shell job needs admin,"
                        + " because it runs commands on this host");
        assertThat(newShell.statusCode()).isEqualTo(403);
        assertThat(live.engine.job("hook").orElseThrow().spec()).isEqualTo(hookBefore);
        assertThat(live.engine.job("admin-shell").orElseThrow().spec()).isEqualTo(shellBefore);
        assertThat(live.engine.job("put-shell")).isEmpty();
    }

    @Test
    void anAdminMayWriteCodeJobsAndAnOperatorMayStillRunPauseAndDeleteThem() {
        HttpResponse<String> shell = live.call("POST", "/api/jobs", ADMIN, SHELL.formatted("ok-shell"));
        HttpResponse<String> java = live.call("POST", "/api/jobs", ADMIN, JAVA.formatted("ok-java"));
        HttpResponse<String> replaced = live.call("PUT", "/api/jobs/ok-java", ADMIN, HTTP.formatted("ok-java"));

        assertThat(shell.statusCode()).as(shell.body()).isEqualTo(201);
        assertThat(java.statusCode()).as(java.body()).isEqualTo(201);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(replaced).path("definition").path("type").asText()).isEqualTo("http");
        assertThat(live.call("POST", "/api/jobs/ok-shell/pause", OPERATOR, null).statusCode())
                .isEqualTo(200);
        assertThat(live.call("POST", "/api/jobs/ok-shell/trigger", OPERATOR, null)
                        .statusCode())
                .isEqualTo(202);
        assertThat(live.call("DELETE", "/api/jobs/ok-shell", OPERATOR, null).statusCode())
                .isEqualTo(204);
    }

    @Test
    void apiCodeJobsFalseRefusesEvenAnAdminWhileConfigShellJobsRun(@TempDir Path own) throws Exception {
        Path mark = own.resolve("ran");
        JobSpec configShell = JobSpec.of(
                "from-file",
                "@every 1s",
                "shell",
                Map.of("command", List.of("/bin/sh", "-c", "echo ran > '" + mark + "'")));
        ApiJobPolicy noCode = new ApiJobPolicy(false, List.of(), ApiJobPolicy.DEFAULT_MIN_PERIOD, 100);
        try (PolicedInstance strict = PolicedInstance.sqlite(own, noCode, List.of(configShell), Clock.systemUTC())) {
            HttpResponse<String> r = strict.call("POST", "/api/jobs", ADMIN, SHELL.formatted("nope"));
            HttpResponse<String> put = strict.call("PUT", "/api/jobs/from-file", ADMIN, SHELL.formatted("from-file"));

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(errors(r))
                    .containsExactly("type: shell jobs cannot be created or changed through the API on this instance"
                            + " (security.api-code-jobs is false); define them in the config file");
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(strict.engine.job("nope")).isEmpty();
            assertThat(strict.call("POST", "/api/jobs", ADMIN, HTTP.formatted("web"))
                            .statusCode())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> strict.engine.runs("from-file", 5, null).stream()
                            .map(RunRecord::state)
                            .anyMatch(s -> s == RunState.SUCCEEDED));
            assertThat(Files.readString(mark)).isEqualTo("ran\n");
        }
    }

    @Test
    void withoutTokensEverythingIsAllowedAsBefore(@TempDir Path own) {
        try (PolicedInstance open = PolicedInstance.start(
                "jdbc:sqlite:" + own.resolve("open.db"),
                null,
                null,
                StoreOptions.defaults(),
                own,
                "open",
                ApiJobPolicy.defaults(),
                List.of(),
                Clock.systemUTC(),
                false)) {
            HttpResponse<String> r = open.call("POST", "/api/jobs", null, SHELL.formatted("local-shell"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }
}
