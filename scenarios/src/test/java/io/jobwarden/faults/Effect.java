package io.jobwarden.faults;

import io.jobwarden.api.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One side effect of a task, written by the task itself outside the store: {@code <jobId> <fireTime> <runId> <attempt>
 * <node> <atMicros> <checkedMicros>}, where {@code checkedMicros} is when the task last asked whether it still may act
 * (before this effect; equal to {@code atMicros} for a task that never asks). A task writes one when it starts and one every {@link #STEP_MS} while it works, so the first
 * and last effect of an attempt bound the time it really acted; every node runs on this host, so all share one
 * wall clock. A paused node writes nothing, and a node that fences itself in time writes nothing after its retry
 * started elsewhere.
 */
record Effect(String jobId, Instant fireTime, long runId, int attempt, String node, long atMicros, long checkedMicros) {
    static final String FILE_SUFFIX = ".effects";
    static final long STEP_MS = 50;

    String fire() {
        return jobId + "@" + fireTime;
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** An effect now, whose permission to act was last checked at {@code checkedMicros}. */
    static Effect of(TaskContext ctx, String node, long checkedMicros) {
        long now = nowMicros();
        return new Effect(ctx.jobId(), ctx.fireTime(), ctx.runId(), ctx.attempt(), node, now, checkedMicros);
    }

    /** One write on a file opened for append: the line survives a kill of this process once written. */
    void appendTo(Path file) {
        String line = jobId + " " + fireTime + " " + runId + " " + attempt + " " + node + " " + atMicros + " "
                + checkedMicros + "\n";
        try {
            Files.write(
                    file,
                    line.getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record an effect in " + file, e);
        }
    }

    /** Every effect in the node files of {@code dir}; a line cut short by a kill is not an effect. */
    static List<Effect> readAll(Path dir) {
        List<Effect> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(FILE_SUFFIX))
                    .sorted()
                    .toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                if (end < 0) continue;
                for (String line : text.substring(0, end).split("\n")) {
                    String[] f = line.split(" ");
                    out.add(new Effect(
                            f[0],
                            Instant.parse(f[1]),
                            Long.parseLong(f[2]),
                            Integer.parseInt(f[3]),
                            f[4],
                            Long.parseLong(f[5]),
                            Long.parseLong(f[6])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
