package io.jobwarden.server.security;

import static io.jobwarden.server.FileConfiguredInstance.ADMIN;
import static io.jobwarden.server.FileConfiguredInstance.OPERATOR;
import static io.jobwarden.server.FileConfiguredInstance.SECRET;
import static io.jobwarden.server.FileConfiguredInstance.VIEWER;
import static io.jobwarden.server.FileConfiguredInstance.errors;
import static io.jobwarden.server.FileConfiguredInstance.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.FileConfiguredInstance;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.http.control.ControlSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key of the {@code http}, {@code metrics} and {@code security} sections, read from a config file on disk and
 * taking effect in a real worker (the start-up path of {@code jobwarden run --no-supervisor}). Other tests of this
 * suite set most of them on the HTTP server directly; this one shows that the file reaches the server, the API job
 * policy and the http runner. Keys a file can get wrong are refused at load with their path, and no secret is echoed.
 */
@DisabledOnOs(OS.WINDOWS)
class SecurityKeysTest {
    @TempDir
    static Path dir;

    static FileConfiguredInstance live;
    static int port;
    static HttpServer target;

    @BeforeAll
    static void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/away", e -> {
            e.getResponseHeaders()
                    .add("Location", "http://localhost:" + target.getAddress().getPort() + "/landed");
            e.sendResponseHeaders(302, -1);
            e.close();
        });
        target.createContext("/landed", e -> {
            e.sendResponseHeaders(204, -1);
            e.close();
        });
        target.start();
        live = FileConfiguredInstance.startWithConfig(dir, """
                name: security-keys
                http: { bind: 127.0.0.1, allowed-hosts: [jobs.example.com, "*.corp.example"] }
                metrics: { auth: viewer }
                supervisor: { enabled: false }
                security:
                  tokens:
                    - { name: dash, token: "${env:VIEWER_TOKEN}", role: viewer }
                    - { name: ops, token: "${env:OPS_TOKEN}", role: operator }
                    - { name: root, token: "${env:ADMIN_TOKEN}", role: admin }
                  control-secret: ${env:JOBWARDEN_CONTROL_SECRET}
                  api-code-jobs: false
                  http-allow: ["127.0.0.1"]
                  min-period: 30s
                  max-jobs: 3
                jobs:
                  - id: from-file
                    schedule: "@every 1s"
                    type: shell
                    command: ["/bin/true"]
                """);
        port = live.port();
    }

    @AfterAll
    static void stop() {
        if (live != null) live.close();
        if (target != null) target.stop(0);
    }

    @Test
    void tokensGiveTheirRolesAndNothingMore() {
        assertThat(live.call("GET", "/api/jobs", null, null).statusCode()).isEqualTo(401);
        assertThat(live.call("GET", "/api/jobs", VIEWER, null).statusCode()).isEqualTo(200);
        assertThat(live.call("POST", "/api/jobs/from-file/pause", VIEWER, null).statusCode())
                .isEqualTo(403);
        assertThat(live.call("POST", "/api/reload", OPERATOR, null).statusCode())
                .isEqualTo(403);
        assertThat(live.call("GET", "/api/whoami", ADMIN, null).body()).contains("admin");
    }

    @Test
    void httpAllowedHostsRestrictsTheHostHeader() {
        for (String host : List.of("evil.example", "corp.example", "jobs.example.com.evil.example")) {
            RawHttp.Response r = RawHttp.exchange(
                    port, "GET /api/jobs HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + VIEWER, null);
            assertThat(r.status()).as(host).isEqualTo(403);
        }
        for (String host : List.of("jobs.example.com", "a.corp.example:" + port, "127.0.0.1:" + port)) {
            RawHttp.Response r = RawHttp.exchange(
                    port, "GET /api/jobs HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + VIEWER, null);
            assertThat(r.status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void metricsAuthViewerPutsMetricsBehindAViewerToken() {
        assertThat(live.call("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
        assertThat(live.call("HEAD", "/metrics", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> viewer = live.call("GET", "/metrics", VIEWER, null);
        assertThat(viewer.statusCode()).isEqualTo(200);
        assertThat(viewer.body()).contains("jobwarden_");
    }

    @Test
    void controlSecretSignsControlOnceOnly() {
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"action\":\"resume\"}";
        String signature = ControlSignature.sign(SECRET, now, body);
        HttpResponse<String> first = control(body, now, signature);
        HttpResponse<String> replay = control(body, now, signature);
        HttpResponse<String> forged = control(body, now, ControlSignature.sign("some-other-secret-0000", now, body));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void apiCodeJobsHttpAllowMinPeriodAndMaxJobsBindApiJobs() {
        HttpResponse<String> shell = live.call(
                "POST",
                "/api/jobs",
                ADMIN,
                "{\"id\":\"sh\",\"schedule\":\"@hourly\",\"type\":\"shell\",\"shell\":\"id\"}");
        assertThat(shell.statusCode()).isEqualTo(403);
        assertThat(errors(shell)).singleElement().asString().contains("security.api-code-jobs is false");

        HttpResponse<String> elsewhere =
                live.call("POST", "/api/jobs", OPERATOR, httpJob("out", "@hourly", "https://evil.org/x"));
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(errors(elsewhere)).singleElement().asString().contains("security.http-allow");

        HttpResponse<String> fast =
                live.call("POST", "/api/jobs", OPERATOR, httpJob("fast", "@every 10s", "http://127.0.0.1:9/"));
        assertThat(fast.statusCode()).isEqualTo(400);
        assertThat(errors(fast)).singleElement().asString().contains("security.min-period");

        String away = "http://127.0.0.1:" + target.getAddress().getPort() + "/away";
        assertThat(live.call("POST", "/api/jobs", OPERATOR, httpJob("away", "@hourly", away))
                        .statusCode())
                .isEqualTo(201);
        assertThat(live.call("POST", "/api/jobs", OPERATOR, httpJob("second", "@hourly", away))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> third = live.call("POST", "/api/jobs", OPERATOR, httpJob("third", "@hourly", away));
        assertThat(third.statusCode())
                .as("the config job and two API jobs fill max-jobs 3")
                .isEqualTo(409);
        assertThat(errors(third)).singleElement().asString().contains("security.max-jobs");

        // http-allow reaches the runner too: a redirect to a host outside it is not followed.
        assertThat(live.call("POST", "/api/jobs/away/trigger", OPERATOR, null).statusCode())
                .isEqualTo(202);
        JsonNode run = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> json(live.call("GET", "/api/jobs/away/runs", VIEWER, null))
                                .path("runs")
                                .path(0),
                        r -> r.path("state").asText().equals("FAILED"));
        assertThat(run.path("errorSummary").asText()).contains("localhost").contains("security.http-allow");

        // The config file's own job is bound by none of it: a shell job, every second.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> json(live.call("GET", "/api/jobs/from-file/runs", VIEWER, null))
                        .path("runs")
                        .findValuesAsText("state")
                        .contains("SUCCEEDED"));
    }

    @Test
    void badValuesAreRefusedAtLoadWithTheirPathAndNoSecretIsEchoed() {
        String secret = "short-secret-7";
        Map<String, String> env = Map.of("S", secret, "KS", "keystore-pass-4b9c2f17");
        ConfigLoader loader = new ConfigLoader(List.of(), env);
        List<String> fields = fields(loader, """
                http: { bind: 0.0.0.0 }
                """);
        assertThat(fields).containsExactly("http.bind");
        fields = fields(loader, """
                http: { tls: { password: "${env:KS}" } }
                security:
                  tokens:
                    - { name: a, token: "${env:S}", role: viewer }
                    - { name: a, token: "${env:S}", role: root }
                    - { token: "${env:S}" }
                  control-secret: "${env:S}"
                metrics: { auth: everyone }
                """);
        assertThat(fields)
                .contains(
                        "http.tls.keystore",
                        "security.tokens[0].token",
                        "security.tokens[1].name",
                        "security.tokens[1].role",
                        "security.tokens[2].name",
                        "security.tokens[2].role",
                        "security.control-secret",
                        "metrics.auth");
        assertThatThrownBy(() -> loader.parse("""
                        http: { tls: { password: "${env:KS}" } }
                        security:
                          tokens: [ { name: a, token: "${env:S}", role: viewer } ]
                          control-secret: "${env:S}"
                        """, "jobwarden.yml", dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining(secret)
                .hasMessageNotContaining("keystore-pass-4b9c2f17");
        // With tokens, any bind is allowed (and warned about at start without TLS: MetricsAndHealthExposureTest).
        assertThat(loader.parse("""
                        http: { bind: 0.0.0.0 }
                        security: { tokens: [ { name: a, token: abcdefghijklmnopqrstu, role: viewer } ] }
                        """, "jobwarden.yml", dir).http().bind()).isEqualTo("0.0.0.0");
    }

    private static List<String> fields(ConfigLoader loader, String yaml) {
        try {
            loader.parse(yaml, "jobwarden.yml", dir);
        } catch (InvalidInputException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
        return List.of();
    }

    private static String httpJob(String id, String schedule, String url) {
        return "{\"id\":\"" + id + "\",\"schedule\":\"" + schedule + "\",\"type\":\"http\",\"url\":\"" + url + "\"}";
    }

    private static HttpResponse<String> control(String body, long timestamp, String signature) {
        return live.call(
                "POST",
                "/control",
                null,
                body,
                "X-Jobwarden-Timestamp",
                Long.toString(timestamp),
                "X-Jobwarden-Signature",
                signature);
    }
}
