package io.jobwarden.server.dashboard;

import ch.qos.logback.classic.Level;
import io.jobwarden.engine.GroupSpec;
import io.jobwarden.engine.JobSpecReader;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.run.TaskRunner;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.runner.Runners;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.ApiServer;
import io.jobwarden.server.http.ControlActions;
import io.jobwarden.server.http.HttpSettings;
import io.jobwarden.server.http.auth.ApiToken;
import io.jobwarden.server.http.auth.Role;
import io.jobwarden.server.http.metrics.RunMetrics;
import io.jobwarden.store.JobStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * A real instance as the dashboard sees it: the engine over a SQLite file with the shipped shell, http and java
 * runners, the HTTP server on a free port, and jobs from the newcomers' example ({@code hello}, {@code nightly-report})
 * beside a java job that always fails and a paused one.
 */
final class DashboardInstance implements AutoCloseable {
    static final String OPERATOR = "operator-token-3f9c1e";
    static final String VIEWER = "viewer-token-8d2a47";
    static final List<ApiToken> TOKENS =
            List.of(new ApiToken("ops", OPERATOR, Role.OPERATOR), new ApiToken("wallboard", VIEWER, Role.VIEWER));
    static final Path EXAMPLE = Path.of("..", "examples", "jobwarden.yml");
    /** Markup in a description: the page must show it as text. */
    static final String MARKUP_DESCRIPTION =
            "Removes <b id=\"injected\">old</b> temp files <img src=x id=\"injected-img\">";

    static {
        for (String noisy : List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer", "org.flywaydb")) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(noisy)).setLevel(Level.INFO);
        }
    }

    final JobStore store;
    final Jobwarden engine;
    final ApiServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DashboardInstance(JobStore store, Jobwarden engine, ApiServer server) {
        this.store = store;
        this.engine = engine;
        this.server = server;
    }

    /** @param tokens the API tokens; none leaves the API open (it listens on loopback) */
    static DashboardInstance start(Path dir, List<ApiToken> tokens) {
        JobwardenConfig example = new ConfigLoader(JobTypes.defaults(), Map.of()).load(EXAMPLE, null);
        List<TaskRunner> runners = Runners.defaults(dir.resolve("plugins"));
        JobSpecReader reader = new JobSpecReader(
                runners.stream().collect(Collectors.toMap(TaskRunner::type, Function.identity())),
                example.groups().keySet());
        JobStore store = JobStores.open("jdbc:sqlite:" + dir.resolve("jobwarden.db"), null, null);
        JobwardenBuilder builder = Jobwarden.builder(store)
                .nodeName("dashboard@test")
                .runners(runners)
                .pollInterval(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofSeconds(2))
                .listener(new RunMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        for (GroupSpec g : example.groups().values()) {
            if (!g.name().equals(GroupSpec.DEFAULT)) builder.group(g.name(), g.maxConcurrent(), g.priority());
        }
        builder.job(example.job("hello").orElseThrow());
        builder.job(example.job("nightly-report").orElseThrow());
        builder.job(reader.readValid(job(
                "nightly-export",
                "0 15 1 * * ?",
                "java",
                Map.of(
                        "class",
                        FailingExport.class.getName(),
                        "group",
                        "reports",
                        "zone",
                        "America/New_York",
                        "description",
                        "Sends yesterday's orders to the warehouse."))));
        builder.job(reader.readValid(job(
                "tmp-cleanup",
                "0 0 */6 * * ?",
                "shell",
                Map.of("command", List.of("sh", "-c", "echo cleaned"), "description", MARKUP_DESCRIPTION))));
        Jobwarden engine = builder.start();
        engine.pauseJob("tmp-cleanup");
        HttpSettings settings =
                HttpSettings.defaults().withPort(0).withTokens(tokens).withDisk(dir, 1);
        ApiServer server = new ApiServer(
                        engine,
                        settings,
                        ControlActions.NONE,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of())
                .start();
        return new DashboardInstance(store, engine, server);
    }

    private static Map<String, Object> job(String id, String schedule, String type, Map<String, Object> extra) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("schedule", schedule);
        out.put("type", type);
        out.putAll(extra);
        return out;
    }

    String url(String path) {
        return server.url() + path;
    }

    HttpResponse<String> call(String method, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (!method.equals("GET")) b.header("Content-Type", "application/json");
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        engine.stop();
        store.close();
    }
}
