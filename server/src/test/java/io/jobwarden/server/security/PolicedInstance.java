package io.jobwarden.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.runner.Runners;
import io.jobwarden.server.http.ApiServer;
import io.jobwarden.server.http.ControlActions;
import io.jobwarden.server.http.HttpSettings;
import io.jobwarden.server.http.auth.ApiToken;
import io.jobwarden.server.http.auth.Role;
import io.jobwarden.server.http.jobs.ApiJobPolicy;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real instance for the security tests of API job rules and {@code /control}: the engine with the shipped shell,
 * http and java runners over a real store, and the HTTP server on a free port with tokens for all three roles, a
 * control secret and the given {@link ApiJobPolicy}.
 */
final class PolicedInstance implements AutoCloseable {
    static final String VIEWER = "viewer-token-31c0d9";
    static final String OPERATOR = "operator-token-8e21aa";
    static final String ADMIN = "admin-token-f00d4711";
    static final String SECRET = "control-secret-62bd90e1";
    private static final ObjectMapper JSON = new ObjectMapper();

    final JdbcJobStore store;
    final Jobwarden engine;
    final ApiServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PolicedInstance(JdbcJobStore store, Jobwarden engine, ApiServer server) {
        this.store = store;
        this.engine = engine;
        this.server = server;
    }

    /** Over a SQLite file in {@code dir}, with tokens. */
    static PolicedInstance sqlite(Path dir, ApiJobPolicy policy, List<JobSpec> configJobs, Clock controlClock) {
        return start(
                "jdbc:sqlite:" + dir.resolve("jobwarden.db"),
                null,
                null,
                StoreOptions.defaults(),
                dir,
                "policed",
                policy,
                configJobs,
                controlClock,
                true);
    }

    static PolicedInstance start(
            String url,
            String user,
            String password,
            StoreOptions options,
            Path dir,
            String nodeName,
            ApiJobPolicy policy,
            List<JobSpec> configJobs,
            Clock controlClock,
            boolean tokens) {
        JdbcJobStore store = JobStores.open(url, user, password, options);
        JobwardenBuilder builder = Jobwarden.builder(store)
                .nodeName(nodeName)
                .runners(Runners.defaults(dir.resolve("plugins")))
                .pollInterval(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofSeconds(2));
        configJobs.forEach(builder::job);
        Jobwarden engine = builder.start();
        HttpSettings settings = HttpSettings.defaults()
                .withPort(0)
                .withControlSecret(SECRET)
                .withDisk(dir, 1)
                .withTokens(
                        tokens
                                ? List.of(
                                        new ApiToken("dash", VIEWER, Role.VIEWER),
                                        new ApiToken("ops", OPERATOR, Role.OPERATOR),
                                        new ApiToken("root", ADMIN, Role.ADMIN))
                                : List.of());
        ApiServer server = new ApiServer(
                        engine,
                        settings,
                        ControlActions.NONE,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(),
                        controlClock)
                .withJobPolicy(policy)
                .start();
        return new PolicedInstance(store, engine, server);
    }

    HttpResponse<String> call(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) b.header("Authorization", "Bearer " + token);
        // Every state-changing call sends JSON, an empty trigger too, as the CLI and the dashboard do.
        if (body != null || !method.equals("GET")) b.header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) b.setHeader(headers[i], headers[i + 1]);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** The {@code field: message} lines of an error answer. */
    static List<String> errors(HttpResponse<String> response) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : json(response).path("errors"))
            out.add(e.path("field").asText() + ": " + e.path("message").asText());
        return out;
    }

    @Override
    public void close() {
        server.stop();
        engine.stop();
        store.close();
    }
}
