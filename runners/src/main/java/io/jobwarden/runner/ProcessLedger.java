package io.jobwarden.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file per running shell job naming its process, so that the next worker can kill what a dead one left behind.
 *
 * <p>When a worker is killed ({@code kill -9}, OOM, a hang the supervisor ends), its jobs' processes are re-parented
 * and keep running. The fire is then recovered as {@code ABANDONED} and retried; without this ledger the retry could
 * run beside the orphan of the first attempt, which is exactly the "same fire twice at the same time" the product
 * promises never happens. A file records the pid and the process's start instant; a pid reused by an unrelated
 * process has another start instant and is left alone.
 */
public final class ProcessLedger {
    private static final Logger log = LoggerFactory.getLogger(ProcessLedger.class);

    private final Path dir;

    public ProcessLedger(Path dir) {
        this.dir = dir;
    }

    /** Notes a job's process; failure to write is logged, never fatal to the run. */
    void record(long runId, ProcessHandle process) {
        try {
            Files.createDirectories(dir);
            Instant started = process.info().startInstant().orElse(Instant.EPOCH);
            Files.writeString(file(runId), process.pid() + " " + started.toEpochMilli() + "\n");
        } catch (IOException e) {
            log.warn("could not note process {} of run {} in {}: {}", process.pid(), runId, dir, e.getMessage());
        }
    }

    void forget(long runId) {
        try {
            Files.deleteIfExists(file(runId));
        } catch (IOException e) {
            log.warn("could not remove {}: {}", file(runId), e.getMessage());
        }
    }

    /**
     * Kills every process tree noted by a worker that is no longer alive, and forgets it. Call once at worker start,
     * before any fire is recovered or claimed.
     *
     * @return how many process trees were killed
     */
    public int reapLeftovers() {
        if (!Files.isDirectory(dir)) return 0;
        int killed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.proc")) {
            for (Path f : files) {
                Optional<ProcessHandle> orphan = noted(f);
                if (orphan.isPresent()) {
                    ProcessHandle p = orphan.get();
                    log.warn(
                            "killing process {} (and its children), left running by a worker that died: {}",
                            p.pid(),
                            f.getFileName());
                    new ProcessTree(p).stop(Duration.ZERO);
                    killed++;
                }
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the process ledger " + dir, e);
        }
        return killed;
    }

    private static Optional<ProcessHandle> noted(Path f) {
        try {
            String[] parts = Files.readString(f).trim().split(" ");
            long pid = Long.parseLong(parts[0]);
            long startedMs = Long.parseLong(parts[1]);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info()
                            .startInstant()
                            .map(s -> Math.abs(s.toEpochMilli() - startedMs) < 1000)
                            .orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or half-written: nothing we can safely kill
        }
    }

    private Path file(long runId) {
        return dir.resolve(runId + ".proc");
    }
}
