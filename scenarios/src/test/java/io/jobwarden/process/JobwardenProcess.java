package io.jobwarden.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real {@code jobwarden run} in a child JVM (the test's own classpath), its output in a file, its API on a free port.
 * Nothing is mocked: the test kills it with real signals and reads the outcome through the real HTTP API.
 */
final class JobwardenProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final Path output;
    final int port;

    private JobwardenProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    static JobwardenProcess start(Path config, int port, Path output, String... extraArgs) throws IOException {
        return start(List.of(), Map.of(), config, port, output, extraArgs);
    }

    /** With these variables added to its environment, e.g. the link a supervisor hands its worker. */
    static JobwardenProcess startWithEnvironment(
            Map<String, String> env, Path config, int port, Path output, String... extraArgs) throws IOException {
        return start(List.of(), env, config, port, output, extraArgs);
    }

    /**
     * Started through {@code setsid}, so that it leads a process group of its own as it would in a terminal, and
     * {@code kill -INT -PID} reaches it and its worker as Ctrl-C would.
     */
    static JobwardenProcess startAsGroupLeader(Path config, int port, Path output, String... extraArgs)
            throws IOException {
        // A build started in the background (nohup, CI) hands its children SIGINT ignored, and a JVM keeps an
        // ignored SIGINT ignored; perl restores the default first, as a terminal's shell would have it.
        return start(
                List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\"", "setsid"),
                Map.of(),
                config,
                port,
                output,
                extraArgs);
    }

    /**
     * With SIGHUP at its default: a build started under {@code nohup} hands its children SIGHUP ignored, and a JVM
     * keeps an ignored signal ignored, so a reload by SIGHUP could not be tested otherwise.
     */
    static JobwardenProcess startWithSighup(Path config, int port, Path output, String... extraArgs)
            throws IOException {
        return start(
                List.of("perl", "-e", "$SIG{HUP} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\""),
                Map.of(),
                config,
                port,
                output,
                extraArgs);
    }

    private static JobwardenProcess start(
            List<String> launcher, Map<String, String> env, Path config, int port, Path output, String... extraArgs)
            throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(
                javaBin(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.jobwarden.server.cli.Main",
                "run",
                "--config",
                config.toString(),
                "--port",
                Integer.toString(port)));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(env);
        Process p = builder.start();
        return new JobwardenProcess(p, output, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    boolean healthy() {
        try {
            return get("/health").statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The job's runs, newest first, through the API; empty when the API does not answer. */
    List<JsonNode> runs(String jobId) {
        try {
            HttpResponse<String> r = get("/api/jobs/" + jobId + "/runs?limit=500");
            if (r.statusCode() != 200) return List.of();
            JsonNode root = JSON.readTree(r.body());
            JsonNode list = root.isArray() ? root : root.path("runs");
            List<JsonNode> out = new ArrayList<>();
            list.forEach(out::add);
            return out;
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    String log() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    /** The worker JVM when this process is a supervisor: its only java child. */
    Optional<ProcessHandle> worker() {
        return process.children().filter(ProcessHandle::isAlive).findFirst();
    }

    void signal(String signal, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
    }

    /** Every process below this one, however deep. */
    List<ProcessHandle> descendants() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
