package io.jobwarden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real worker as {@code run --no-supervisor} builds it, from a real config file on disk that a test rewrites: the
 * {@link WorkerHost} reads the file again for every reload and restart, exactly as in production. SQLite under the
 * file's directory; tokens for all three roles (referenced from the environment) and a control secret unless
 * started open.
 */
public final class FileConfiguredInstance implements AutoCloseable {
    public static final String VIEWER = "viewer-token-e41a";
    public static final String OPERATOR = "operator-token-90bd";
    public static final String ADMIN = "admin-token-7c33";
    public static final String SECRET = "control-secret-d2f8";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path file;
    public final WorkerHost host;
    private final boolean tokens;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FileConfiguredInstance(Path file, WorkerHost host, boolean tokens) {
        this.file = file;
        this.host = host;
        this.tokens = tokens;
    }

    /**
     * @param jobs the {@code jobs:} section's entries, as YAML lines indented by four spaces, or "" for none
     */
    public static FileConfiguredInstance start(Path dir, boolean tokens, String jobs) {
        return launch(dir, tokens, config(tokens, jobs));
    }

    /**
     * From {@code text} as the whole config file, which may reference the fixture's tokens and control secret as
     * {@code ${env:VIEWER_TOKEN}}, {@code ${env:OPS_TOKEN}}, {@code ${env:ADMIN_TOKEN}} and
     * {@code ${env:JOBWARDEN_CONTROL_SECRET}}.
     */
    public static FileConfiguredInstance startWithConfig(Path dir, String text) {
        return launch(dir, true, text);
    }

    private static FileConfiguredInstance launch(Path dir, boolean tokens, String text) {
        Path file = dir.resolve("jobwarden.yml");
        int port = freePort();
        Map<String, String> env = Map.of(
                "PATH", System.getenv("PATH"),
                "VIEWER_TOKEN", VIEWER,
                "OPS_TOKEN", OPERATOR,
                "ADMIN_TOKEN", ADMIN,
                "JOBWARDEN_CONTROL_SECRET", SECRET);
        ConfigLoader loader = new ConfigLoader(JobTypes.forPlugins(dir.resolve("plugins")), env);
        write(file, text);
        WorkerHost host = new WorkerHost(
                () -> loader.load(file, null).withHttpPort(port),
                loader.load(file, null).withHttpPort(port),
                Optional.empty(),
                () -> {},
                () -> {});
        host.start();
        return new FileConfiguredInstance(file, host, tokens);
    }

    /** The config text: the fixed head of this fixture, then {@code jobs}. */
    public static String config(boolean tokens, String jobs) {
        String head = "name: reloadable\nsupervisor: { enabled: false }\n" + (tokens ? """
                        security:
                          tokens:
                            - { name: dash, token: "${env:VIEWER_TOKEN}", role: viewer }
                            - { name: ops, token: "${env:OPS_TOKEN}", role: operator }
                            - { name: root, token: "${env:ADMIN_TOKEN}", role: admin }
                          control-secret: "${env:JOBWARDEN_CONTROL_SECRET}"
                        """ : "");
        return head + (jobs.isBlank() ? "" : "jobs:\n" + jobs);
    }

    /** Rewrites the config file with the fixture's head and these jobs. */
    public void writeJobs(String jobs) {
        write(file, config(tokens, jobs));
    }

    public void writeRaw(String text) {
        write(file, text);
    }

    public String text() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Worker worker() {
        return host.worker();
    }

    public int port() {
        return host.worker().httpPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public HttpResponse<String> call(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (!method.equals("GET")) b.header("Content-Type", "application/json");
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

    public HttpResponse<String> reload(String token, String... headers) {
        return call("POST", "/api/reload", token, null, headers);
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

    /** The ids of the jobs the store holds, with their schedules: what a reload changed, read from the store. */
    public Map<String, String> storedSchedules() {
        Map<String, String> out = new java.util.TreeMap<>();
        host.worker().engine().jobs().forEach(j -> out.put(j.id(), j.spec().schedule()));
        return out;
    }

    @Override
    public void close() {
        host.shutdown();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
