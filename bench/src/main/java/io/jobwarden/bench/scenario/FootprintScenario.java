package io.jobwarden.bench.scenario;

import io.jobwarden.bench.node.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 5: the product as shipped, {@code java -jar jobwarden.jar run}, with a config of idle shell jobs (they
 * fire once a year). Measures the time from launch to {@code GET /health} answering 200 UP, then, after the worker
 * has settled, the resident memory of the supervisor (the launched process) and of the worker (its child JVM).
 */
public final class FootprintScenario {
    private static final Pattern JOB_ID = Pattern.compile("\"id\"\\s*:\\s*\"(idle-\\d+)\"");

    private final Path workDir;
    private final Path jar;
    private final Duration settle;

    public FootprintScenario(Path workDir, Path jar, Duration settle) {
        this.workDir = workDir;
        this.jar = jar;
        this.settle = settle;
    }

    /** Why the scenario cannot run here, or empty when it can. */
    public Optional<String> unavailable() {
        if (!Files.isRegularFile(jar))
            return Optional.of(
                    "not available: server jar missing (" + jar + "); build it with mvn -pl server -am package");
        if (!Files.isDirectory(Path.of("/proc/self")))
            return Optional.of("not available: resident memory is read from /proc, which this OS lacks");
        return Optional.empty();
    }

    public record Outcome(double launchToUpMillis, double supervisorMiB, double workerMiB, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    public Outcome run(int jobs, String tag) {
        Path dir = workDir.resolve(tag).toAbsolutePath();
        deleteTree(dir); // a store left by an earlier run would not be a fresh start
        int port = freePort();
        Path config = writeConfig(dir, jobs, port);
        List<String> command = List.of(
                NodeProcess.javaExecutable(),
                "-jar",
                jar.toAbsolutePath().toString(),
                "run",
                "--config",
                config.toString(),
                "--data",
                dir.toString(),
                "--port",
                Integer.toString(port));
        List<String> problems = new ArrayList<>();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        Process supervisor = null;
        try {
            long launched = System.nanoTime();
            supervisor = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("console.log").toFile())
                    .start();
            double upMillis = awaitHealthUp(http, port, supervisor, launched);
            if (Double.isNaN(upMillis)) {
                problems.add("/health did not answer 200 UP within 60 s; see " + dir.resolve("console.log"));
                return new Outcome(Double.NaN, Double.NaN, Double.NaN, problems);
            }
            BurstScenario.sleep(settle);
            long registered = countJobs(http, port);
            if (registered != jobs)
                problems.add("the API lists " + registered + " of the " + jobs + " configured jobs");
            double supervisorMiB = residentMiB(supervisor.pid());
            List<ProcessHandle> children = supervisor.toHandle().children().toList();
            double workerMiB = Double.NaN;
            if (children.size() == 1) workerMiB = residentMiB(children.get(0).pid());
            else problems.add("expected one worker process under the supervisor, found " + children.size());
            return new Outcome(upMillis, supervisorMiB, workerMiB, problems);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + jar, e);
        } finally {
            if (supervisor != null) stop(supervisor);
        }
    }

    private static double awaitHealthUp(HttpClient http, int port, Process supervisor, long launched) {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = launched + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && supervisor.isAlive()) {
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) return (System.nanoTime() - launched) / 1e6;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
            BurstScenario.sleep(Duration.ofMillis(5));
        }
        return Double.NaN;
    }

    private static long countJobs(HttpClient http, int port) {
        try {
            HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                    .timeout(Duration.ofSeconds(30))
                    .build();
            // Each job names its id twice (the job and its definition): count distinct ids.
            Matcher m = JOB_ID.matcher(
                    http.send(list, HttpResponse.BodyHandlers.ofString()).body());
            java.util.Set<String> ids = new java.util.HashSet<>();
            while (m.find()) ids.add(m.group(1));
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
            Files.createDirectories(dir);
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
