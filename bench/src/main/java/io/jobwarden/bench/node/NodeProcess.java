package io.jobwarden.bench.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's handle on a node process: a JVM started with this JVM's java and class path, talked to over its
 * stdin and stdout ({@link NodeMain}'s protocol). Its stderr, and stdout lines that are not protocol, go to a log file.
 */
public final class NodeProcess implements AutoCloseable {
    static final String MARK = "#BENCH ";

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final Path log;
    private volatile long count;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readStdout, "bench-read-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} in a new JVM; {@code jvmOptions} come before the class path. */
    public static NodeProcess launch(
            String name, List<String> jvmOptions, String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        // -Dbench.jfr=DIR records every node with Java Flight Recorder, to find what limits a figure.
        String jfr = System.getProperty("bench.jfr");
        if (jfr != null)
            command.add("-XX:StartFlightRecording=settings=" + System.getProperty("bench.jfc", "profile") + ",filename="
                    + Path.of(jfr).toAbsolutePath().resolve(name + ".jfr"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new NodeProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void readStdout() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith(MARK)) {
                    appendToLog(line);
                    continue;
                }
                String message = line.substring(MARK.length());
                if (message.startsWith("COUNT ")) count = Long.parseLong(message.substring(6));
                else messages.add(message);
            }
        } catch (IOException e) {
            // the process ended
        }
        messages.add("EXITED");
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(
                    log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a lost log line must not stop a benchmark
        }
    }

    /** Waits for a message starting with {@code word}; returns what follows the word. */
    public String await(String word, Duration timeout) {
        try {
            String m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null)
                throw new IllegalStateException(
                        "node " + name + " did not say " + word + " within " + timeout.toSeconds() + " s; see " + log);
            if (!m.startsWith(word))
                throw new IllegalStateException(
                        "node " + name + " said '" + m + "' instead of " + word + "; see " + log);
            return m.substring(word.length()).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for node " + name);
        }
    }

    public void send(String word) {
        try {
            stdin.write(word + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to node " + name + "; see " + log, e);
        }
    }

    /** The execution count the node last reported. */
    public long count() {
        return count;
    }

    public long pid() {
        return process.pid();
    }

    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }
}
