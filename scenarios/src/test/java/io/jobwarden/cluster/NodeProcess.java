package io.jobwarden.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A node main ({@link ClusterNodeMain} unless given another) running in its own JVM, launched with this JVM's java and
 * class path.
 */
public final class NodeProcess {
    public final String name;
    final Path log;
    private final Process process;
    private String nodeId;

    private NodeProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static NodeProcess launch(String name, Path dir, List<String> args) {
        return launch(ClusterNodeMain.class, name, dir, args);
    }

    /** Starts {@code main} with {@code name=<name> dir=<dir>} before {@code args}; it must print {@code READY <id>}. */
    public static NodeProcess launch(Class<?> main, String name, Path dir, List<String> args) {
        return launch(main, name, dir, args, name);
    }

    /** As {@link #launch(Class, String, Path, List)}, logging to {@code <logName>.log}: two processes of one name. */
    public static NodeProcess launch(Class<?> main, String name, Path dir, List<String> args, String logName) {
        Path log = dir.resolve(logName + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName(),
                "name=" + name,
                "dir=" + dir));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new NodeProcess(name, log, p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node " + name, e);
        }
    }

    /** Waits until the node schedules; its job registration comes first, and may take a while on a busy host. */
    public NodeProcess awaitReady() {
        await("node " + name + " ready")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive())
                        throw new IllegalStateException("node " + name + " exited early:\n" + logText());
                    return readyLine().isPresent();
                });
        nodeId = readyLine().orElseThrow().substring("READY ".length()).strip();
        return this;
    }

    /** The engine's node id (name#random), known once ready. */
    public String nodeId() {
        if (nodeId == null) throw new IllegalStateException("node " + name + " is not ready yet");
        return nodeId;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit by itself; its exit code, or empty if it still runs after {@code atMost}. */
    public Optional<Integer> awaitExit(Duration atMost) {
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(process.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** SIGKILL: no shutdown hook, no last heartbeat, no outcome written. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS))
                throw new IllegalStateException("node " + name + " survived kill -9");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Graceful stop: closes the node's standard input and waits for it to exit. */
    public int stop() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
                throw new IllegalStateException("node " + name + " did not stop within 60s:\n" + logText());
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private Optional<String> readyLine() {
        if (!Files.exists(log)) return Optional.empty();
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.startsWith("READY ")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + (nodeId == null ? "" : " (" + nodeId + ")") + " pid " + pid();
    }
}
