package io.jobwarden.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: unpacked outside the checkout, started with its own {@code bin/jobwarden} and a
 * copy of its example config, on a machine that has a JDK and nothing else of ours: no Maven on the PATH, no
 * {@code ~/.m2}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs bin/jobwarden, the POSIX launcher")
class UnpackedDistributionRunTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void binJobwardenRunsTheExampleConfigWithOnlyAJdk(@TempDir Path dir) throws Exception {
        Path home = BuiltDistribution.unpack(Files.createDirectories(dir.resolve("unpacked")));
        int port = freePort();
        Path config = exampleCopy(home, Files.createDirectories(dir.resolve("instance")), port);
        Map<String, String> env = jdkOnly(dir);

        Path console = dir.resolve("console.log");
        ProcessBuilder launcher = new ProcessBuilder(
                        home.resolve("bin/jobwarden").toString(), "run", "--config", config.toString())
                .directory(dir.resolve("instance").toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        launcher.environment().clear();
        launcher.environment().putAll(env);
        Process run = launcher.start();
        try {
            Awaitility.await("a run of job hello succeeded, read through the API")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> get(port, "/api/jobs/hello/runs").contains("\"SUCCEEDED\""));
            String health = get(port, "/health");
            assertThat(health).contains("\"status\":\"UP\"");
            // The launcher exec'd java, and the supervisor started the worker from the distribution's jar.
            assertThat(run.info().commandLine().orElse(""))
                    .contains(home.resolve("lib/jobwarden.jar").toString());

            List<ProcessHandle> tree = run.descendants().toList();
            assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                    .as("the pid to signal is this JVM's own child")
                    .contains(run.pid());
            run.destroy(); // SIGTERM: the graceful stop of docs/semantics.md
            assertThat(run.waitFor(90, TimeUnit.SECONDS))
                    .as("stopped within 90 s after SIGTERM")
                    .isTrue();
            assertThat(run.exitValue()).as(BuiltDistribution.read(console)).isZero();
            for (ProcessHandle worker : tree) {
                assertThat(worker.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
            }
        } finally {
            if (run.isAlive()) {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        // The source checkout's launcher says so when it builds; a distribution never does.
        assertThat(BuiltDistribution.read(console)).doesNotContain("jobwarden: building");
        assertThat(dir.resolve("home")).isEmptyDirectory();
    }

    /** The shipped example, changed only where a test must: its own port, and the example job every second. */
    private static Path exampleCopy(Path home, Path instance, int port) throws Exception {
        String example = Files.readString(home.resolve("conf/jobwarden.yml"));
        assertThat(example).contains("port: 8080", "schedule: \"*/5 * * * * ?\"");
        String copy = example.replace("port: 8080", "port: " + port)
                .replace("schedule: \"*/5 * * * * ?\"", "schedule: \"* * * * * ?\"");
        return Files.writeString(instance.resolve("jobwarden.yml"), copy);
    }

    /**
     * JAVA_HOME, an empty HOME (no ~/.m2), and a PATH holding only what the launcher and the example's shell job
     * call: sh and dirname. Maven is on this machine's PATH (it builds this), so the PATH is made, not filtered.
     */
    private static Map<String, String> jdkOnly(Path dir) throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("sh", "dirname")) {
            Path real = onPath(System.getenv("PATH"), tool);
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
        Path emptyHome = Files.createDirectories(dir.resolve("home"));
        String path = tools.toString();
        assertThat(onPathOrNull(path, "mvn")).as("mvn on the launcher's PATH").isNull();
        return Map.of(
                "PATH",
                path,
                "HOME",
                emptyHome.toString(),
                "JAVA_HOME",
                System.getProperty("java.home"),
                "LANG",
                "C.UTF-8");
    }

    private static Path onPath(String path, String tool) {
        Path found = onPathOrNull(path, tool);
        assertThat(found).as("%s on this machine's PATH", tool).isNotNull();
        return found.toAbsolutePath();
    }

    private static Path onPathOrNull(String path, String tool) {
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry, tool);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static String get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
