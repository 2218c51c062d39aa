package io.jobwarden.server.dashboard;

import static io.jobwarden.server.dashboard.DashboardInstance.OPERATOR;
import static io.jobwarden.server.dashboard.DashboardInstance.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard needs from the server besides the job API: its files, {@code /api/whoami} and {@code /api/stats}. */
class DashboardApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern IMPORT = Pattern.compile("from '\\./([a-z0-9-]+\\.js)'");

    @TempDir
    static Path dir;

    static DashboardInstance instance;

    @BeforeAll
    static void start() {
        instance = DashboardInstance.start(dir.resolve("secured"), DashboardInstance.TOKENS);
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @Test
    void thePageAndEveryFileItLoadsComeWithoutAToken() {
        HttpResponse<String> page = instance.call("GET", "/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(type(page)).isEqualTo("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains(
                                "default-src 'none'",
                                "script-src 'self'",
                                "connect-src 'self'",
                                "frame-ancestors 'none'")
                        .doesNotContain("unsafe"));
        assertThat(page.body())
                .contains("/dashboard/app.js", "/dashboard/dashboard.css", "/dashboard/favicon.svg")
                .doesNotContain("http://", "https://");

        assertThat(type(instance.call("GET", "/dashboard/dashboard.css", null))).isEqualTo("text/css;charset=utf-8");
        assertThat(type(instance.call("GET", "/dashboard/favicon.svg", null))).isEqualTo("image/svg+xml");
        // Every module the page imports, followed from app.js, is served: a renamed file cannot go unnoticed.
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("app.js"));
        while (!todo.isEmpty()) {
            String file = todo.pop();
            if (!seen.add(file)) continue;
            HttpResponse<String> script = instance.call("GET", "/dashboard/" + file, null);
            assertThat(script.statusCode()).as(file).isEqualTo(200);
            assertThat(type(script)).as(file).isEqualTo("text/javascript;charset=utf-8");
            assertThat(script.body())
                    .as(file)
                    .doesNotContain("innerHTML", "insertAdjacentHTML", "document.write", "eval(", "localStorage");
            Matcher m = IMPORT.matcher(script.body());
            while (m.find()) todo.push(m.group(1));
        }
        assertThat(seen)
                .contains("app.js", "api.js", "dom.js", "jobs.js", "runs.js", "overview.js", "chart.js", "format.js");
    }

    @Test
    void namesOutsideTheDashboardFolderAreNotFound() {
        for (String path : List.of(
                "/dashboard/nope.js",
                "/dashboard/..%2Flogback.xml",
                "/dashboard/%2e%2e",
                "/dashboard/App.JS",
                "/dashboard/index.html.bak",
                "/dashboard/.hidden.js",
                "/dashboard/logback.xml")) {
            HttpResponse<String> r = instance.call("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).startsWith("{\"errors\":[").doesNotContain("<configuration");
        }
        assertThat(instance.call("GET", "/dashboard/logback.xml", null).body()).doesNotContain("appender");
    }

    @Test
    void whoamiNamesTheHolderAndRoleOfTheToken() {
        assertThat(json(instance.call("GET", "/api/whoami", VIEWER)).toString())
                .isEqualTo("{\"name\":\"wallboard\",\"role\":\"viewer\",\"open\":false}");
        assertThat(json(instance.call("GET", "/api/whoami", OPERATOR)).toString())
                .isEqualTo("{\"name\":\"ops\",\"role\":\"operator\",\"open\":false}");
        assertThat(instance.call("GET", "/api/whoami", null).statusCode()).isEqualTo(401);
        assertThat(instance.call("GET", "/api/whoami", "wrong").statusCode()).isEqualTo(401);
        assertThat(instance.call("POST", "/api/whoami", OPERATOR).statusCode()).isEqualTo(405);
    }

    @Test
    void withoutTokensTheApiIsOpenAndWhoamiSaysSo() {
        try (DashboardInstance open = DashboardInstance.start(dir.resolve("open"), List.of())) {
            HttpResponse<String> r = open.call("GET", "/api/whoami", null);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).toString()).isEqualTo("{\"name\":null,\"role\":\"admin\",\"open\":true}");
        }
    }

    @Test
    void statsCountRunsAndFailuresPerMinuteAndFireLateness() {
        instance.engine.pauseJob("hello");
        assertThat(instance.call("POST", "/api/jobs/nightly-export/trigger", OPERATOR)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> instance.engine.runs("nightly-export", 1, null).stream()
                        .anyMatch(r -> r.state() == RunState.FAILED));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> instance.store.runningRuns().isEmpty());

        JsonNode stats = json(instance.call("GET", "/api/stats?hours=2", VIEWER));

        Instant from = Instant.parse(stats.path("from").asText());
        Instant to = Instant.parse(stats.path("to").asText());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(2));
        assertThat(stats.path("runs")).hasSize(120);
        assertThat(stats.path("failures")).hasSize(120);
        assertThat(stats.path("complete").asBoolean()).isTrue();
        List<RunRecord> inWindow = instance.engine.recentRuns(500, null).stream()
                .filter(r -> !r.startedAt().isBefore(from) && r.startedAt().isBefore(to))
                .toList();
        assertThat(stats.path("totals").path("runs").asInt())
                .isEqualTo(inWindow.size())
                .isPositive();
        assertThat(stats.path("totals").path("failures").asInt()).isEqualTo(1);
        int sum = 0;
        for (JsonNode n : stats.path("runs")) sum += n.asInt();
        assertThat(sum).isEqualTo(inWindow.size());
        assertThat(stats.path("lateness").path("samples").asInt()).isEqualTo(inWindow.size());
        assertThat(stats.path("lateness").path("maxMs").asLong())
                .isGreaterThanOrEqualTo(stats.path("lateness").path("p95Ms").asLong());
        instance.engine.resumeJob("hello");
    }

    @Test
    void statsRefuseABadPeriodAndNeedAToken() {
        for (String hours : List.of("0", "25", "abc", "-1", "1.5")) {
            HttpResponse<String> r = instance.call("GET", "/api/stats?hours=" + hours, VIEWER);
            assertThat(r.statusCode()).as(hours).isEqualTo(400);
            assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("hours");
            assertThat(json(r).path("errors").get(0).path("message").asText()).contains("from 1 to 24");
        }
        assertThat(json(instance.call("GET", "/api/stats", VIEWER)).path("runs"))
                .hasSize(180);
        assertThat(instance.call("GET", "/api/stats", null).statusCode()).isEqualTo(401);
    }

    /** The Content-Type without spaces: Jetty writes {@code text/html;charset=utf-8}. */
    private static String type(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("").replace(" ", "");
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.statusCode() + " " + r.body(), e);
        }
    }
}
