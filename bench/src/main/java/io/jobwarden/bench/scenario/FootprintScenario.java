package io.jobwarden.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scenario 5: the product as people launch it, {@code bin/jobwarden run} (so with the JVM options and class-data archive
 * the launcher gives the supervisor), with a config of idle shell jobs (they fire once a year). Measures the time from
 * launch to {@code GET /health} answering 200 UP, for a new instance and for that instance's second launch (its store
 * already holds the jobs), and, after the worker has settled, the resident memory of the supervisor (the launched
 * process) and of the worker (its child JVM).
 *
 * <p>An unmeasured launch comes first ({@link #warmUp}): its stop leaves the worker's class-data archive and the
 * supervisor's, as on a machine where the service has stopped once before. Every measured instance starts with a copy
 * of that worker archive; the supervisor's stays beside the jar, where the launcher keeps it.
 */
public final class FootprintScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The API's largest page; the config's jobs are counted page by page. */
    private static final int PAGE = 500;

    private final Path workDir;
    private final Path jar;
    private final Path launcher;
    private final Duration settle;

    public FootprintScenario(Path workDir, Path jar, Path launcher, Duration settle) {
        this.workDir = workDir;
        this.jar = jar;
        this.launcher = launcher;
        this.settle = settle;
    }

    /** Why the scenario cannot run here, or empty when it can. */
    public Optional<String> unavailable() {
        if (!Files.isRegularFile(jar))
            return Optional.of(
                    "not available: server jar missing (" + jar + "); build it with mvn -pl server -am package");
        if (!Files.isExecutable(launcher))
            return Optional.of("not available: no launcher at " + launcher + " (run the benchmark from a checkout)");
        if (!Files.isDirectory(Path.of("/proc/self")))
            return Optional.of("not available: resident memory is read from /proc, which this OS lacks");
        return Optional.empty();
    }

    /**
     * @param firstLaunchMillis  launch to UP of a new instance (a new data directory: the store is created)
     * @param secondLaunchMillis launch to UP of the same instance again, its store holding the jobs
     */
    public record Outcome(
            double firstLaunchMillis,
            double secondLaunchMillis,
            double supervisorMiB,
            double workerMiB,
            List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /** The unmeasured launch whose archives the measured ones start with; problems, or an empty list. */
    public List<String> warmUp(int jobs) {
        Path dir = freshInstance("s5-warm-up");
        List<String> problems = new ArrayList<>();
        try (Launch launch = new Launch(dir, jobs)) {
            if (Double.isNaN(launch.upMillis))
                problems.add("the warm-up launch did not come up; see " + dir.resolve("console.log"));
        }
        Path archive = dir.resolve("data").resolve("cds");
        if (problems.isEmpty() && Files.isDirectory(archive)) copyTree(archive, workerArchive());
        return problems;
    }

    public Outcome run(int jobs, String tag) {
        Path dir = freshInstance(tag);
        if (Files.isDirectory(workerArchive()))
            copyTree(workerArchive(), dir.resolve("data").resolve("cds"));
        List<String> problems = new ArrayList<>();
        double first;
        double supervisorMiB = Double.NaN;
        double workerMiB = Double.NaN;
        try (Launch launch = new Launch(dir, jobs)) {
            first = launch.upMillis;
            if (Double.isNaN(first)) {
                problems.add("/health did not answer 200 UP within 60 s; see " + dir.resolve("console.log"));
                return new Outcome(Double.NaN, Double.NaN, Double.NaN, Double.NaN, problems);
            }
            BurstScenario.sleep(settle);
            long registered = countJobs(launch.port);
            if (registered != jobs)
                problems.add("the API lists " + registered + " of the " + jobs + " configured jobs");
            supervisorMiB = residentMiB(launch.supervisor.pid());
            List<ProcessHandle> children =
                    launch.supervisor.toHandle().children().toList();
            if (children.size() == 1) workerMiB = residentMiB(children.get(0).pid());
            else problems.add("expected one worker process under the supervisor, found " + children.size());
        }
        double second;
        try (Launch launch = new Launch(dir, jobs)) {
            second = launch.upMillis;
            if (Double.isNaN(second))
                problems.add("the second launch did not answer 200 UP within 60 s; see " + dir.resolve("console.log"));
        }
        return new Outcome(first, second, supervisorMiB, workerMiB, problems);
    }

    private Path workerArchive() {
        return workDir.resolve("s5-worker-cds").toAbsolutePath();
    }

    private Path freshInstance(String tag) {
        Path dir = workDir.resolve(tag).toAbsolutePath();
        deleteTree(dir); // a store left by an earlier run would not be a new instance
        try {
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    /** A launched instance, up or not ({@code upMillis} NaN); closing stops it. */
    private final class Launch implements AutoCloseable {
        final int port = freePort();
        final Process supervisor;
        final double upMillis;

        Launch(Path dir, int jobs) {
            Path config = writeConfig(dir, jobs, port);
            ProcessBuilder builder = new ProcessBuilder(
                            launcher.toAbsolutePath().toString(),
                            "run",
                            "--config",
                            config.toString(),
                            "--data",
                            dir.toString(),
                            "--port",
                            Integer.toString(port))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("console.log").toFile()));
            builder.environment().put("JOBWARDEN_JAR", jar.toAbsolutePath().toString());
            try {
                long launched = System.nanoTime();
                supervisor = builder.start();
                upMillis = awaitHealthUp(port, supervisor, launched);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot launch " + launcher, e);
            }
        }

        @Override
        public void close() {
            stop(supervisor);
        }
    }

    /**
     * Polls every 5 ms over a plain socket: the poller shares the two cores with the JVMs it measures, and an
     * {@code HttpClient}, itself still being compiled in this JVM, took enough of them to slow the launch it measured
     * (as a {@code curl} started every 5 ms did in bench/footprint.sh, bench/FOOTPRINT.md round eight).
     */
    private static double awaitHealthUp(int port, Process supervisor, long launched) {
        byte[] request = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long deadline = launched + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && supervisor.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                socket.setSoTimeout(2_000);
                socket.getOutputStream().write(request);
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (answer.startsWith("HTTP/1.1 200") && answer.contains("\"UP\""))
                    return (System.nanoTime() - launched) / 1e6;
            } catch (IOException e) {
                // not listening yet
            }
            BurstScenario.sleep(Duration.ofMillis(5));
        }
        return Double.NaN;
    }

    /** The distinct ids of the idle jobs the API lists, page by page; -1 when the API does not answer. */
    private static long countJobs(int port) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> ids = new HashSet<>();
        String after = null;
        try {
            do {
                String query = "?limit=" + PAGE + (after == null ? "" : "&after=" + after);
                HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs" + query))
                        .timeout(Duration.ofSeconds(30))
                        .build();
                JsonNode page = JSON.readTree(
                        http.send(list, HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode job : page.path("jobs")) {
                    String id = job.path("id").asText();
                    if (id.startsWith("idle-")) ids.add(id);
                }
                JsonNode next = page.path("nextAfter");
                after = next.isTextual() ? next.asText() : null;
            } while (after != null);
            return ids.size();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** VmRSS from /proc, in MiB. */
    static double residentMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static Path writeConfig(Path dir, int jobs, int port) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("name: bench-footprint\n");
        yaml.append("http: { bind: 127.0.0.1, port: ").append(port).append(" }\n");
        yaml.append("jobs:\n");
        for (int i = 1; i <= jobs; i++) {
            yaml.append(String.format(
                    "  - id: idle-%04d%n    schedule: \"0 0 0 1 1 ?\"%n    type: shell%n    command: [\"true\"]%n", i));
        }
        try {
            Path file = dir.resolve("jobwarden.yml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the config in " + dir, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    /** Replaces {@code to} with a copy of {@code from}. */
    private static void copyTree(Path from, Path to) {
        deleteTree(to);
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList())
                Files.copy(p, to.resolve(from.relativize(p).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as a service manager stops it; anything left after a minute is killed. */
    private static void stop(Process supervisor) {
        List<ProcessHandle> tree = new ArrayList<>(supervisor.descendants().toList());
        supervisor.destroy();
        try {
            if (!supervisor.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) supervisor.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle p : tree) if (p.isAlive()) p.destroyForcibly();
    }
}
