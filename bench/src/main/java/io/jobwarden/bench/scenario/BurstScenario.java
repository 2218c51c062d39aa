package io.jobwarden.bench.scenario;

import io.jobwarden.bench.ledger.ExactlyOnceCheck;
import io.jobwarden.bench.ledger.ExecutionLedger;
import io.jobwarden.bench.ledger.LedgerSnapshot;
import io.jobwarden.bench.node.JobIds;
import io.jobwarden.bench.node.NodeMain;
import io.jobwarden.bench.node.NodeProcess;
import io.jobwarden.bench.peer.Contestant;
import io.jobwarden.bench.peer.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Scenarios 1 and 2: a backlog of one-shot no-op jobs, all due, drained by one or more node processes. The rate is
 * jobs over the time from the first run's start to the moment the store says the last fire is durably finished
 * (for a store that keeps nothing: the last run's end), so node start-up is left out for every contestant alike.
 */
public final class BurstScenario {
    /** Node JVMs get the same heap whatever they run. */
    static final List<String> NODE_JVM = List.of("-Xms256m", "-Xmx1g");

    private static final Duration POLL = Duration.ofMillis(50);
    /** The share of the jobs the ledgers must hold before the store is asked whether all are done. */
    private static final double ASK_STORE_FROM = 0.9;
    /** After the store says all is done, the nodes run on this long so that a late duplicate has time to show. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final Path workDir;
    private final Duration timeout;

    public BurstScenario(Path workDir, Duration timeout) {
        this.workDir = workDir;
        this.timeout = timeout;
    }

    /**
     * What one repetition measured, and whether it ran every job exactly once.
     *
     * @param firstPickupMillis from the harness's {@code GO} (the nodes start their schedulers) to the first run's
     *     start, with every job already due
     * @param databaseCpuPerThousand CPU milliseconds of the PostgreSQL backends serving the nodes per 1,000 executions,
     *     from {@code GO} to the store saying all is done; NaN where it cannot be read (see {@link DatabaseCpu})
     */
    public record Outcome(
            double perSecond,
            double seconds,
            double firstPickupMillis,
            double databaseCpuPerThousand,
            ExactlyOnceCheck check,
            List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    public Outcome run(Contestant contestant, int jobs, int nodes, String tag) {
        contestant.reset();
        List<String> ids = JobIds.of(jobs);
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean shared = contestant.target().kind() != Kind.QUARTZ_RAM;
        if (shared) contestant.seedOneShots(ids, due);

        List<NodeProcess> running = new ArrayList<>();
        List<Path> ledgers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (int k = 1; k <= nodes; k++) {
                String name = tag + "-node" + k;
                Path ledger = workDir.resolve(name + ".ledger");
                ledgers.add(ledger);
                List<String> args = new ArrayList<>(contestant.target().toArgs());
                args.add("node=" + name);
                args.add("ledger=" + ledger);
                if (!shared) {
                    args.add("oneShots=" + jobs);
                    args.add("due=" + due.toEpochMilli());
                }
                running.add(NodeProcess.launch(
                        name, nodeJvm(contestant), NodeMain.class.getName(), args, workDir.resolve(name + ".log")));
            }
            for (NodeProcess n : running) n.await("READY", Duration.ofMinutes(5));
            DatabaseCpu cpuAtGo = DatabaseCpu.read(contestant.target().database());
            long goMillis = System.currentTimeMillis();
            for (NodeProcess n : running) n.send("GO");
            for (NodeProcess n : running) n.await("STARTED", Duration.ofMinutes(2));

            long deadline = System.nanoTime() + timeout.toNanos();
            long doneAt = -1;
            DatabaseCpu cpuAtDone = null;
            while (System.nanoTime() < deadline) {
                if (finished(contestant, jobs, running)) {
                    doneAt = System.currentTimeMillis();
                    cpuAtDone = DatabaseCpu.read(contestant.target().database());
                    break;
                }
                sleep(POLL);
            }
            if (doneAt < 0) problems.add("not finished within " + timeout.toSeconds() + " s");
            sleep(GRACE);
            for (NodeProcess n : running) n.send("STOP");
            for (NodeProcess n : running) n.await("DONE", Duration.ofMinutes(2));

            List<LedgerSnapshot> snapshots = new ArrayList<>();
            for (Path p : ledgers) snapshots.add(LedgerSnapshot.readFrom(p));
            LedgerSnapshot merged = LedgerSnapshot.merge(snapshots);
            List<String> expected = new ArrayList<>(jobs);
            for (String id : ids) expected.add(ExecutionLedger.fireKey(id, due));
            ExactlyOnceCheck check = ExactlyOnceCheck.of(expected, merged);
            if (!check.passed()) problems.add(check.verdict());
            Optional<String> history = contestant.historyProblem(jobs);
            history.ifPresent(problems::add);
            long end = Math.max(doneAt, merged.lastEndMillis());
            double seconds =
                    merged.executions() == 0 ? Double.NaN : Math.max(1, end - merged.firstStartMillis()) / 1000.0;
            double pickup = merged.executions() == 0 ? Double.NaN : merged.firstStartMillis() - goMillis;
            double cpu = cpuAtDone == null
                    ? Double.NaN
                    : cpuAtDone.millisSince(cpuAtGo).orElse(Double.NaN) * 1000.0 / jobs;
            return new Outcome(jobs / seconds, seconds, pickup, cpu, check, problems);
        } finally {
            for (NodeProcess n : running) n.close();
        }
    }

    /** {@link #NODE_JVM}, then what the contestant starts its own processes with. */
    static List<String> nodeJvm(Contestant contestant) {
        List<String> options = new ArrayList<>(NODE_JVM);
        options.addAll(contestant.nodeJvmOptions());
        return options;
    }

    /**
     * The store is asked only once the nodes' ledgers hold {@link #ASK_STORE_FROM} of the jobs: its count is a scan of
     * the history (or of the task table) on the database and cores the nodes are working with, and asked every
     * {@link #POLL} through the whole burst it took a twentieth of this machine's CPU from the contestant measured.
     * A node reports its ledger's count every 100 ms, so the store is asked from well before the end.
     */
    private static boolean finished(Contestant contestant, int jobs, List<NodeProcess> nodes) {
        long executed = 0;
        for (NodeProcess n : nodes) executed += n.count();
        if (executed < jobs * ASK_STORE_FROM) return false;
        OptionalLong left = contestant.unfinished(jobs);
        if (left.isPresent()) return left.getAsLong() <= 0;
        return executed >= jobs;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
