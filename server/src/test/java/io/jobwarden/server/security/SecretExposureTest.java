package io.jobwarden.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jobwarden.server.Worker;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.ControlActions;
import io.jobwarden.store.StoreOptions;
import io.jobwarden.supervisor.SupervisorStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets a config references must reach neither a job's process nor anything a viewer reads: a real worker on a
 * SQLite file, started from a config loaded with an environment that holds tokens, the control secret, the
 * supervisor's link token and a job's database password.
 */
@DisabledOnOs(OS.WINDOWS)
class SecretExposureTest {
    private static final String VIEWER_TOKEN = "viewer-token-3f9a7c21";
    private static final String OPS_TOKEN = "operator-token-81d2e4b7";
    private static final String CONTROL_SECRET = "control-secret-55c0a9e3";
    private static final String SUPERVISOR_TOKEN = "supervisor-link-6b1f0d";
    private static final String DB_PASS = "job-db-pass-c47e19";
    private static final String UNRELATED_SECRET = "kept-away-too-2a8d";
    private static final String HOOK_PATH = "hook-path-9e7b";
    private static final String HOOK_TOKEN = "hook-token-d41c88";
    private static final String HOOK_BODY = "hook-body-07fa3e";
    private static final String EXPORT_DSN = "export-dsn-5c1a2b";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Worker worker;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String base;
    private static HttpServer hook;
    private static final List<String> hookSaw = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", e -> {
            hookSaw.add(
                    e.getRequestURI().getPath() + " " + e.getRequestHeaders().getFirst("Authorization") + " "
                            + new String(e.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            e.sendResponseHeaders(204, -1);
            e.close();
        });
        hook.start();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("VIEWER_TOKEN", VIEWER_TOKEN);
        env.put("OPS_TOKEN", OPS_TOKEN);
        env.put("JOBWARDEN_CONTROL_SECRET", CONTROL_SECRET);
        env.put("JOBWARDEN_SUPERVISOR_TOKEN", SUPERVISOR_TOKEN);
        env.put("JOBWARDEN_SUPERVISOR_PORT", "40111");
        env.put("JOB_DB_PASS", DB_PASS);
        // Referenced by the config only from a job's command: withheld like every referenced variable.
        env.put("UNRELATED", UNRELATED_SECRET);
        env.put("HARMLESS", "plain-value");
        env.put("HOOK_PATH", HOOK_PATH);
        env.put("HOOK_TOKEN", HOOK_TOKEN);
        env.put("HOOK_BODY", HOOK_BODY);
        env.put("EXPORT_DSN", EXPORT_DSN);
        Path seen = dir.resolve("seen-password");
        String yaml = """
                name: secret-exposure
                security:
                  tokens:
                    - { name: dashboard, token: ${env:VIEWER_TOKEN}, role: viewer }
                    - { name: ops, token: "${env:OPS_TOKEN}", role: admin }
                  control-secret: ${env:JOBWARDEN_CONTROL_SECRET}
                supervisor: { enabled: false }
                jobs:
                  - id: print-env
                    schedule: "@at 2099-01-01T00:00:00Z"
                    type: shell
                    shell: "/usr/bin/env; echo \\"password is $DB_PASSWORD\\"; printf %s \\"$DB_PASSWORD\\" > SEEN"
                    env: { DB_PASSWORD: "${env:JOB_DB_PASS}" }
                  - id: unrelated
                    schedule: "@at 2099-01-01T00:00:00Z"
                    type: shell
                    command: ["/bin/echo", "${env:UNRELATED}"]
                  - id: hook
                    schedule: "@at 2099-01-01T00:00:00Z"
                    type: http
                    method: POST
                    url: "http://127.0.0.1:HOOK_PORT/${env:HOOK_PATH}"
                    headers: { Authorization: "Bearer ${env:HOOK_TOKEN}" }
                    body: "${env:HOOK_BODY}"
                  - id: export
                    schedule: "@at 2099-01-01T00:00:00Z"
                    type: java
                    class: io.jobwarden.server.dashboard.FailingExport
                    dsn: "${env:EXPORT_DSN}"
                """.replace("SEEN", seen.toString())
                .replace("HOOK_PORT", Integer.toString(hook.getAddress().getPort()));
        JobwardenConfig config = new ConfigLoader(JobTypes.forPlugins(dir.resolve("plugins")), env)
                .parse(yaml, "jobwarden.yml", dir)
                .withHttpPort(freePort());
        worker = Worker.start(config, ControlActions.NONE, SupervisorStatus.FIRST_START);
        base = "http://127.0.0.1:" + worker.httpPort();
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.stop();
        if (hook != null) hook.stop(0);
    }

    @Test
    void aShellJobSeesNoServiceSecretButItsOwnEnvAndItsOutputIsMasked() throws Exception {
        JsonNode run = triggerAndAwait("print-env");

        assertThat(run.path("state").asText()).isEqualTo("SUCCEEDED");
        String output = run.path("output").asText();
        List<String> names = output.lines()
                .filter(l -> l.contains("="))
                .map(l -> l.substring(0, l.indexOf('=')))
                .toList();
        assertThat(names)
                .contains("PATH", "HARMLESS", "DB_PASSWORD", "JOBWARDEN_JOB_ID", "JOBWARDEN_FIRE_TIME")
                .contains("JOBWARDEN_RUN_ID", "JOBWARDEN_ATTEMPT")
                .doesNotContain("VIEWER_TOKEN", "OPS_TOKEN", "JOB_DB_PASS", "UNRELATED")
                .noneMatch(n -> n.startsWith("JOBWARDEN_")
                        && !List.of(
                                        "JOBWARDEN_JOB_ID",
                                        "JOBWARDEN_FIRE_TIME",
                                        "JOBWARDEN_RUN_ID",
                                        "JOBWARDEN_ATTEMPT",
                                        // The API's port, published on purpose so a job can call its instance.
                                        "JOBWARDEN_HTTP_PORT")
                                .contains(n));
        assertThat(output)
                .doesNotContain(VIEWER_TOKEN, OPS_TOKEN, CONTROL_SECRET, SUPERVISOR_TOKEN, DB_PASS)
                .contains("password is ****");
        assertThat(Files.readString(dir.resolve("seen-password")))
                .as("the job's own env reaches its process")
                .isEqualTo(DB_PASS);
    }

    @Test
    void viewsAndTheStoreKeepTheReferenceNotTheValue() throws Exception {
        JsonNode job = json(get("/api/jobs/print-env", VIEWER_TOKEN));
        assertThat(job.path("definition").path("env").path("DB_PASSWORD").asText())
                .isEqualTo("${env:JOB_DB_PASS}");
        String list = get("/api/jobs", VIEWER_TOKEN).body();
        assertThat(list).contains("${env:JOB_DB_PASS}", "${env:UNRELATED}").doesNotContain(DB_PASS, UNRELATED_SECRET);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database());
                PreparedStatement s =
                        c.prepareStatement("SELECT spec FROM " + StoreOptions.DEFAULT_PREFIX + "jobs WHERE id = ?")) {
            s.setString(1, "print-env");
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).contains("${env:JOB_DB_PASS}").doesNotContain(DB_PASS);
            }
        }
    }

    @Test
    void urlHeadersBodyAndJavaSettingsKeepTheirReferencesAndAreResolvedOnlyInTheRun() throws Exception {
        JsonNode hookJob = json(get("/api/jobs/hook", VIEWER_TOKEN)).path("definition");
        assertThat(hookJob.path("url").asText()).endsWith("/${env:HOOK_PATH}");
        assertThat(hookJob.path("headers").path("Authorization").asText()).isEqualTo("Bearer ${env:HOOK_TOKEN}");
        assertThat(hookJob.path("body").asText()).isEqualTo("${env:HOOK_BODY}");
        JsonNode exportJob = json(get("/api/jobs/export", VIEWER_TOKEN)).path("definition");
        assertThat(exportJob.path("dsn").asText()).isEqualTo("${env:EXPORT_DSN}");
        String list = get("/api/jobs", VIEWER_TOKEN).body();
        assertThat(list).doesNotContain(HOOK_PATH, HOOK_TOKEN, HOOK_BODY, EXPORT_DSN);

        JsonNode run = triggerAndAwait("hook");

        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(hookSaw).containsExactly("/" + HOOK_PATH + " Bearer " + HOOK_TOKEN + " " + HOOK_BODY);
        assertThat(run.toString()).doesNotContain(HOOK_PATH, HOOK_TOKEN, HOOK_BODY);
        assertThat(get("/api/jobs/hook", VIEWER_TOKEN).body()).doesNotContain(HOOK_PATH, HOOK_TOKEN, HOOK_BODY);
    }

    @Test
    void aJobPostedWithAReferenceToAMissingVariableFailsItsRunNamingIt() throws Exception {
        String body = """
                {"id":"posted","schedule":"@at 2099-01-01T00:00:00Z","type":"shell",
                 "command":["/bin/echo","${env:NOT_SET_ANYWHERE}"]}""";
        HttpResponse<String> created = call("POST", "/api/jobs", OPS_TOKEN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("definition").path("command").get(1).asText())
                .isEqualTo("${env:NOT_SET_ANYWHERE}");

        JsonNode run = triggerAndAwait("posted");

        assertThat(run.path("state").asText()).isEqualTo("FAILED");
        assertThat(run.path("error").asText()).isEqualTo("environment variable NOT_SET_ANYWHERE is not set");
    }

    @Test
    void aPostedJobCannotBeGivenATokenOrAnInternalVariable() throws Exception {
        String body = """
                {"id":"steal","schedule":"@at 2099-01-01T00:00:00Z","type":"shell",
                 "shell":"printf %s \\"$T\\" > STOLEN",
                 "env":{"T":"${env:OPS_TOKEN}${env:JOBWARDEN_SUPERVISOR_TOKEN}"}}""".replace("STOLEN", dir.resolve("stolen").toString());
        HttpResponse<String> created = call("POST", "/api/jobs", OPS_TOKEN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        JsonNode run = triggerAndAwait("steal");

        assertThat(run.path("state").asText()).isEqualTo("FAILED");
        assertThat(run.path("error").asText())
                .isEqualTo(
                        "environment variable OPS_TOKEN holds a secret of the service and is not given to jobs; "
                                + "environment variable JOBWARDEN_SUPERVISOR_TOKEN holds a secret of the service and is not given to jobs");
        assertThat(dir.resolve("stolen")).doesNotExist();
    }

    @Test
    void theSqliteFileIsReadableByItsOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database())))
                .isEqualTo("rw-------");
        // SQLite's companions hold the same rows while the store is open (WAL mode).
        for (String companion : List.of("-wal", "-shm")) {
            Path file = database().resolveSibling(database().getFileName() + companion);
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as(file.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(database().getParent())))
                .isEqualTo("rwx------");
    }

    /** The SQLite driver loads its native library from the data directory: nobody else may write or swap it. */
    @Test
    void theSqliteDriversLibraryIsWritableByItsOwnerOnly() throws IOException {
        Path natives = database().resolveSibling("native");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(natives)))
                .isEqualTo("rwx------");
        try (var files = Files.list(natives)) {
            assertThat(files)
                    .isNotEmpty()
                    .allSatisfy(file -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                            .as(file.toString())
                            .isEqualTo("rw-------"));
        }
    }

    private static Path database() {
        return dir.resolve("data").resolve("jobwarden.db");
    }

    private static JsonNode triggerAndAwait(String jobId) {
        HttpResponse<String> trigger = call("POST", "/api/jobs/" + jobId + "/trigger", OPS_TOKEN, null);
        assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(202);
        JsonNode[] done = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode runs = json(get("/api/jobs/" + jobId + "/runs", VIEWER_TOKEN))
                            .path("runs");
                    if (runs.isEmpty()) return false;
                    String state = runs.get(0).path("state").asText();
                    done[0] = runs.get(0);
                    return !state.equals("RUNNING") && !state.equals("SCHEDULED");
                });
        // List items are summaries; the output and error are on the run itself.
        try {
            return json(get("/api/runs/" + done[0].path("runId").asLong(), VIEWER_TOKEN));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> get(String path, String token) {
        return call("GET", path, token, null);
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        // Every state-changing call says JSON, body or not: the browser guard refuses anything else.
        if (!method.equals("GET")) b.header("Content-Type", "application/json");
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
