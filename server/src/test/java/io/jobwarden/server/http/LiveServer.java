package io.jobwarden.server.http;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.server.http.auth.ApiToken;
import io.jobwarden.server.http.auth.Role;
import io.jobwarden.server.http.health.HealthContributor;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/**
 * A real instance for the API tests: the engine over a SQLite file, the {@code test} job type, the metrics listener
 * and the HTTP server on a free port. {@link #restart} stops everything and starts again over the same file.
 */
public final class LiveServer implements AutoCloseable {
    public static final String VIEWER = "viewer-token-5b1e";
    public static final String OPERATOR = "operator-token-77c2";
    public static final String ADMIN = "admin-token-0fd9";
    public static final String SECRET = "control-secret-9a41";
    static final List<ApiToken> TOKENS = List.of(
            new ApiToken("dashboard", VIEWER, Role.VIEWER),
            new ApiToken("ops", OPERATOR, Role.OPERATOR),
            new ApiToken("root", ADMIN, Role.ADMIN));
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Jetty and Javalin at DEBUG would slow every request; tests read our own loggers only.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.javalin")).setLevel(Level.INFO);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.zaxxer")).setLevel(Level.INFO);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.flywaydb")).setLevel(Level.INFO);
    }

    final Path db;
    final Clock controlClock =
            Clock.fixed(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), ZoneOffset.UTC);
    final List<String> processActions = new CopyOnWriteArrayList<>();
    private final UnaryOperator<HttpSettings> settings;
    private final List<HealthContributor> health;
    private final List<JobSpec> configJobs;
    private final UnaryOperator<JobStore> storeWrap;
    private final Duration lease;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public JobStore store;
    public Jobwarden engine;
    PrometheusMeterRegistry registry;
    public ApiServer server;

    private LiveServer(
            Path dir,
            UnaryOperator<HttpSettings> settings,
            List<HealthContributor> health,
            List<JobSpec> configJobs,
            UnaryOperator<JobStore> storeWrap,
            Duration lease) {
        this.db = dir.resolve("jobwarden.db");
        this.settings = settings;
        this.health = health;
        this.configJobs = configJobs;
        this.storeWrap = storeWrap;
        this.lease = lease;
    }

    /** Tokens for all three roles and a control secret. */
    public static LiveServer start(Path dir) {
        return start(dir, s -> s, List.of(), List.of());
    }

    public static LiveServer start(
            Path dir, UnaryOperator<HttpSettings> settings, List<HealthContributor> health, List<JobSpec> configJobs) {
        return start(dir, settings, health, configJobs, s -> s, Duration.ofSeconds(30));
    }

    /** @param storeWrap puts a test seam around the real store (e.g. to hold the scheduler loop) */
    static LiveServer start(
            Path dir,
            UnaryOperator<HttpSettings> settings,
            List<HealthContributor> health,
            List<JobSpec> configJobs,
            UnaryOperator<JobStore> storeWrap,
            Duration lease) {
        LiveServer live = new LiveServer(dir, settings, health, configJobs, storeWrap, lease);
        live.up();
        return live;
    }

    private void up() {
        try {
            java.nio.file.Files.createDirectories(db.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = storeWrap.apply(JobStores.open("jdbc:sqlite:" + db, null, null));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JobwardenBuilder builder = Jobwarden.builder(store)
                .nodeName("api-test")
                .runner(new ScriptedRunner())
                .listener(new RunMetrics(registry))
                .pollInterval(Duration.ofMillis(100))
                .lease(lease)
                .shutdownTimeout(Duration.ofSeconds(2));
        configJobs.forEach(builder::job);
        engine = builder.start();
        HttpSettings base = HttpSettings.defaults()
                .withPort(0)
                .withTokens(TOKENS)
                .withControlSecret(SECRET)
                .withDisk(db.getParent(), 1);
        ControlActions actions = new ControlActions() {
            @Override
            public void restart() {
                processActions.add("restart");
            }

            @Override
            public void stop() {
                processActions.add("stop");
            }
        };
        server = new ApiServer(engine, settings.apply(base), actions, registry, health, controlClock).start();
    }

    void restart() {
        down();
        up();
    }

    private void down() {
        if (server != null) server.stop();
        if (engine != null) engine.stop();
        if (store != null) store.close();
        server = null;
        engine = null;
        store = null;
    }

    @Override
    public void close() {
        down();
    }

    public URI url(String path) {
        return URI.create(server.url() + path);
    }

    public HttpResponse<String> get(String path, String token) {
        return call("GET", path, token, null);
    }

    public HttpResponse<String> call(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) b.header("Authorization", "Bearer " + token);
        boolean typed = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        // As the CLI and the dashboard do; tests of the Content-Type rule pass their own.
        if (!typed && !method.equals("GET") && !method.equals("HEAD")) b.header("Content-Type", "application/json");
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** The {@code field: message} lines of an error answer. */
    public static List<String> errors(HttpResponse<String> response) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : json(response).path("errors"))
            out.add(e.path("field").asText() + ": " + e.path("message").asText());
        return out;
    }

    public static String job(String id, String schedule, String extra) {
        return "{\"id\":\"" + id + "\",\"schedule\":\"" + schedule + "\",\"type\":\"test\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }
}
