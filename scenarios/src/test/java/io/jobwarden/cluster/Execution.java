package io.jobwarden.cluster;

import io.jobwarden.api.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One execution of a task, as the task itself recorded it outside the store: a line
 * {@code <jobId> <fireTime> <runId> <attempt> <node>} in its node's own file. The store may lose or double a run;
 * these lines are the independent witness of what really ran.
 */
record Execution(String jobId, Instant fireTime, long runId, int attempt, String node) {
    static final String FILE_SUFFIX = ".executions";

    /** The fire this execution belongs to: the same for every attempt. */
    String fire() {
        return jobId + "@" + fireTime;
    }

    String line() {
        return jobId + " " + fireTime + " " + runId + " " + attempt + " " + node + "\n";
    }

    static Execution of(TaskContext ctx, String node) {
        return new Execution(ctx.jobId(), ctx.fireTime(), ctx.runId(), ctx.attempt(), node);
    }

    static Execution parse(String line) {
        String[] f = line.split(" ");
        if (f.length != 5) throw new IllegalArgumentException("not an execution line: '" + line + "'");
        return new Execution(f[0], Instant.parse(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), f[4]);
    }

    /**
     * Appends this execution with one write on a file opened for append, so that the line is in the kernel's hands
     * (surviving a kill -9 of this process) before the task returns.
     */
    void appendTo(Path file) {
        try {
            Files.write(
                    file,
                    line().getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record an execution in " + file, e);
        }
    }

    /** Every execution recorded in the node files of {@code dir}. A line cut short by a kill is not an execution. */
    static List<Execution> readAll(Path dir) {
        List<Execution> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(FILE_SUFFIX))
                    .sorted()
                    .toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                if (end < 0) continue;
                text.substring(0, end).lines().map(Execution::parse).forEach(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** How many lines the node files hold so far; cheap enough to poll. */
    static long count(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long n = 0;
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(FILE_SUFFIX))
                    .toList()) {
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    n += lines.count();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
