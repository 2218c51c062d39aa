package io.jobwarden.bench.scenario;

import io.jobwarden.bench.ledger.ExactlyOnceCheck;
import io.jobwarden.bench.ledger.LedgerSnapshot;
import io.jobwarden.bench.node.NodeProcess;
import io.jobwarden.bench.node.ScaleNodeMain;
import io.jobwarden.bench.peer.Database;
import io.jobwarden.bench.peer.JobwardenContestant;
import io.jobwarden.bench.peer.SpreadCronJobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scenario 4: Jobwarden on SQLite holding many daily cron jobs. The store is seeded once per size and copied for
 * each repetition; the node runs with a 1 GiB heap limit, so that a node needing more fails instead of passing, and
 * with the rest of the options the supervisor starts its worker with, as the nodes of scenarios 1 to 3 do.
 */
public final class ScaleScenario {
    static final List<String> NODE_JVM = Stream.concat(Stream.of("-Xmx1g"), JobwardenContestant.WORKER_JVM.stream())
            .toList();
    private static final String PREFIX = "jw_";

    private final Path workDir;
    private final Duration idle;
    private final int probes;

    public ScaleScenario(Path workDir, Duration idle, int probes) {
        this.workDir = workDir;
        this.idle = idle;
        this.probes = probes;
    }

    public record Outcome(
            double startMillis,
            double heapMiB,
            double idleCpuPercent,
            double probeLatenessMillis,
            List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /** Seeds a store of {@code jobs} cron jobs; returns its file, to pass to {@link #run}. */
    public Path seed(int jobs) {
        Path file = workDir.resolve("scale-" + jobs + ".db");
        SpreadCronJobs.seed(Database.sqlite(file), PREFIX, jobs);
        return file;
    }

    public Outcome run(Path seeded, String tag) {
        Path file = workDir.resolve(tag + ".db");
        copy(seeded, file);
        Path ledger = workDir.resolve(tag + ".ledger");
        List<String> args = List.of(
                "url=" + Database.sqlite(file).url(),
                "prefix=" + PREFIX,
                "ledger=" + ledger,
                "idleSeconds=" + idle.toSeconds(),
                "probes=" + probes);
        List<String> problems = new ArrayList<>();
        try (NodeProcess node =
                NodeProcess.launch(tag, NODE_JVM, ScaleNodeMain.class.getName(), args, workDir.resolve(tag + ".log"))) {
            Duration wait = Duration.ofMinutes(10);
            double start = Double.parseDouble(node.await("METRIC start_ms", wait));
            double heap = Double.parseDouble(node.await("METRIC heap_mib", wait));
            double cpu = Double.parseDouble(node.await("METRIC idle_cpu_pct", idle.plus(wait)));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < probes; i++) expected.add(node.await("PROBE", wait));
            node.await("DONE", wait);
            LedgerSnapshot seen = LedgerSnapshot.readFrom(ledger);
            ExactlyOnceCheck check = ExactlyOnceCheck.of(expected, seen);
            if (!check.passed()) problems.add(check.verdict() + " (only the probes are due while measured)");
            Percentiles late = new Percentiles(seen.latenessMicros(Long.MIN_VALUE, Long.MAX_VALUE));
            double probe = late.isEmpty() ? Double.NaN : late.at(50) / 1000.0;
            return new Outcome(start, heap, cpu, probe, problems);
        } finally {
            deleteStore(file);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path source = Path.of(from + suffix);
                if (Files.exists(source)) Files.copy(source, Path.of(to + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the seeded store " + from, e);
        }
    }

    public static void deleteStore(Path file) {
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"})
                Files.deleteIfExists(Path.of(file + suffix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
