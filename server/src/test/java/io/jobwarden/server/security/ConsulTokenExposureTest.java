package io.jobwarden.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.Worker;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.ControlActions;
import io.jobwarden.server.registry.RecordingConsulAgent;
import io.jobwarden.supervisor.SupervisorStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code registry.consul.token} reaches Consul's agent and nothing else: not the log (not even when the agent echoes
 * it in an error), not the API, not the printed config, not a job's environment, and no job may reference it.
 */
@DisabledOnOs(OS.WINDOWS)
class ConsulTokenExposureTest {
    private static final String TOKEN = "consul-acl-token-9f3e2a71";
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void theTokenGoesToTheAgentOnly() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try (RecordingConsulAgent agent = RecordingConsulAgent.start(0, TOKEN)) {
            agent.failNext(2);
            JobwardenConfig config = load("""
                    registry: { consul: { url: "%s", token: "${env:CONSUL_TOKEN}" } }
                    jobs:
                      - { id: print-env, schedule: "@at 2099-01-01T00:00:00Z", type: shell, command: [/usr/bin/env] }
                    """.formatted(agent.url()));
            assertThat(config.toString()).doesNotContain(TOKEN).contains("token=Optional[****]");
            Worker worker = Worker.start(config, ControlActions.NONE, SupervisorStatus.FIRST_START);
            String base = "http://127.0.0.1:" + worker.httpPort();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.services.size() == 1);
                assertThat(agent.requests)
                        .last()
                        .satisfies(r -> assertThat(r.token()).isEqualTo(TOKEN));

                assertThat(call("POST", base + "/api/jobs/print-env/trigger").statusCode())
                        .isEqualTo(202);
                JsonNode[] run = new JsonNode[1];
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode runs =
                            json(call("GET", base + "/api/jobs/print-env/runs")).path("runs");
                    run[0] = runs.isEmpty() ? null : runs.get(0);
                    return run[0] != null && run[0].path("state").asText().equals("SUCCEEDED");
                });
                String output = call(
                                "GET",
                                base + "/api/runs/" + run[0].path("runId").asLong())
                        .body();
                assertThat(output).contains("PATH=").doesNotContain(TOKEN, "CONSUL_TOKEN");
                for (String path : List.of("/api/jobs", "/api/nodes", "/health", "/metrics", "/api/openapi.json")) {
                    assertThat(call("GET", base + path).body()).as(path).doesNotContain(TOKEN);
                }
            } finally {
                worker.stop();
            }
            assertThat(agent.services).isEmpty();
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("answered 500"));
        for (ILoggingEvent e : log.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(TOKEN);
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause())
                assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
        }
    }

    @Test
    void noJobMayReferenceTheToken() {
        assertThatThrownBy(() -> load("""
                        registry: { consul: { url: "http://127.0.0.1:8500", token: "${env:CONSUL_TOKEN}" } }
                        jobs:
                          - { id: steal, schedule: "@every 1h", type: shell, command: [/bin/true],
                              env: { T: "${env:CONSUL_TOKEN}" } }
                        """))
                .hasMessageContaining("jobs[0].env")
                .hasMessageContaining("CONSUL_TOKEN holds a secret of the service")
                .hasMessageNotContaining(TOKEN);
    }

    private JobwardenConfig load(String yaml) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("CONSUL_TOKEN", TOKEN);
        return new ConfigLoader(JobTypes.forPlugins(dir.resolve("plugins")), env)
                .parse("supervisor: { enabled: false }\n" + yaml, "jobwarden.yml", dir)
                .withHttpPort(freePort());
    }

    private static HttpResponse<String> call(String method, String url) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (!method.equals("GET")) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return new ObjectMapper().readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
