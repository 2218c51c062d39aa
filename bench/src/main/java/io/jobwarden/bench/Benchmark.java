package io.jobwarden.bench;

import io.jobwarden.bench.peer.Contestant;
import io.jobwarden.bench.peer.Contestants;
import io.jobwarden.bench.peer.Database;
import io.jobwarden.bench.peer.Kind;
import io.jobwarden.bench.peer.Target;
import io.jobwarden.bench.report.Measurement;
import io.jobwarden.bench.scenario.BurstScenario;
import io.jobwarden.bench.scenario.FootprintScenario;
import io.jobwarden.bench.scenario.HotPathScenario;
import io.jobwarden.bench.scenario.PrecisionScenario;
import io.jobwarden.bench.scenario.ScaleScenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the six scenarios of the plan and turns their repetitions into {@link Measurement}s. Repetitions are
 * interleaved (rep 1 of every contestant, then rep 2...) so that a noisy moment on the machine does not land on one
 * contestant only.
 */
public final class Benchmark {
    public static final String CLUSTER = "1 Cluster";
    public static final String EMBEDDED = "2 Embedded";
    public static final String PRECISION = "3 Precision";
    public static final String SCALE = "4 Scale";
    public static final String FOOTPRINT = "5 Footprint";
    public static final String HOT_PATH = "6 Hot path";

    public static final String RATE = "executions/s";
    public static final String FIRST_PICKUP = "first pickup after start";
    public static final String DATABASE_CPU = "PostgreSQL CPU per 1,000 executions";

    private final BenchPlan plan;
    private final Database postgres;
    private final Path workDir;
    private final Path serverJar;
    private final Consumer<String> progress;
    private final List<String> notes = new ArrayList<>();

    public Benchmark(BenchPlan plan, Database postgres, Path workDir, Path serverJar, Consumer<String> progress) {
        this.plan = plan;
        this.postgres = postgres;
        this.workDir = workDir;
        this.serverJar = serverJar;
        this.progress = progress;
    }

    /** Lines for the report about scenarios that could not run here. */
    public List<String> notes() {
        return notes;
    }

    private Target target(Kind kind, Database db, String prefix) {
        return new Target(kind, db, prefix, plan.threads(), plan.pollInterval());
    }

    public static String nodes(int n) {
        return n + (n == 1 ? " node" : " nodes");
    }

    // ---- 1 --------------------------------------------------------------------------------------------------

    /** Scenario 1's contestants, in the order their repetitions run. */
    public static final Set<Kind> CLUSTER_CONTESTANTS = Collections.unmodifiableSet(
            EnumSet.of(Kind.JOBWARDEN, Kind.DBS_FETCH, Kind.DBS_LOCK_AND_FETCH, Kind.QUARTZ_CLUSTER));

    /** @param kinds some of {@link #CLUSTER_CONTESTANTS}: all for the benchmark, fewer for a quick comparison */
    public List<Measurement> cluster(Set<Kind> kinds) {
        List<Contestant> contestants = new ArrayList<>();
        for (Kind kind : kinds) contestants.add(Contestants.of(target(kind, postgres, clusterPrefix(kind))));
        BurstScenario burst = new BurstScenario(workDir, plan.burstTimeout());
        List<Measurement> out = new ArrayList<>();
        for (int n : plan.clusterNodes()) {
            List<Measurement.Builder> rows = new ArrayList<>();
            List<Measurement.Builder> pickups = new ArrayList<>();
            List<Measurement.Builder> cpus = new ArrayList<>();
            for (Contestant c : contestants) {
                String setting = nodes(n) + ", " + jobsText(c);
                rows.add(new Measurement.Builder(CLUSTER, c.target().label(), setting, RATE, "/s", true));
                pickups.add(new Measurement.Builder(CLUSTER, c.target().label(), setting, FIRST_PICKUP, "ms", false));
                cpus.add(new Measurement.Builder(CLUSTER, c.target().label(), setting, DATABASE_CPU, "ms", false));
            }
            for (int rep = 1; rep <= plan.repetitions(); rep++) {
                for (int i = 0; i < contestants.size(); i++) {
                    Contestant c = contestants.get(i);
                    BurstScenario.Outcome o =
                            burst.run(c, jobs(c), n, "s1-" + c.target().prefix() + n + "n-r" + rep);
                    record(rows.get(i), rep, o.perSecond(), o.problems());
                    record(pickups.get(i), rep, o.firstPickupMillis(), List.of());
                    record(cpus.get(i), rep, o.databaseCpuPerThousand(), List.of());
                    say(
                            CLUSTER,
                            c.target().label() + ", " + nodes(n),
                            rep,
                            String.format(
                                    Locale.ROOT,
                                    "%.0f/s in %.2f s, first pickup %.0f ms, PostgreSQL CPU %.0f ms per 1,000",
                                    o.perSecond(),
                                    o.seconds(),
                                    o.firstPickupMillis(),
                                    o.databaseCpuPerThousand()),
                            o.problems());
                }
            }
            rows.forEach(r -> out.add(r.build()));
            // The first pickup is a start-up figure: with more nodes it is only the fastest node's start.
            if (n == 1) pickups.forEach(r -> out.add(r.build()));
            cpus.forEach(r -> out.add(r.build()));
        }
        return out;
    }

    /** Each contestant's own tables in the one PostgreSQL database. */
    private static String clusterPrefix(Kind kind) {
        return switch (kind) {
            case JOBWARDEN -> "bjw_";
            case DBS_FETCH -> "bdf_";
            case DBS_LOCK_AND_FETCH -> "bdl_";
            case QUARTZ_CLUSTER -> "bqz_";
            case QUARTZ_RAM -> throw new IllegalArgumentException("Quartz RAMJobStore has no cluster");
        };
    }

    private int jobs(Contestant c) {
        return c.target().kind() == Kind.QUARTZ_CLUSTER ? plan.quartzClusterJobs() : plan.burstJobs();
    }

    private String jobsText(Contestant c) {
        return String.format(Locale.ROOT, "%,d jobs", jobs(c));
    }

    // ---- 2 --------------------------------------------------------------------------------------------------

    public List<Measurement> embedded() {
        List<Contestant> contestants = new ArrayList<>(List.of(
                Contestants.of(target(Kind.JOBWARDEN, Database.sqlite(workDir.resolve("s2-jobwarden.db")), "jw_")),
                Contestants.of(target(Kind.QUARTZ_RAM, null, "ram_")),
                Contestants.of(target(Kind.DBS_FETCH, Database.sqlite(workDir.resolve("s2-db-scheduler.db")), "ds_"))));
        tmpfs("s2-jobwarden.db").ifPresent(db -> contestants.add(Contestants.of(target(Kind.JOBWARDEN, db, "jwm_"))));
        BurstScenario burst = new BurstScenario(workDir, plan.burstTimeout());
        List<Measurement.Builder> rows = new ArrayList<>();
        for (Contestant c : contestants)
            rows.add(new Measurement.Builder(EMBEDDED, c.target().label(), "1 node, " + jobsText(c), RATE, "/s", true));
        for (int rep = 1; rep <= plan.repetitions(); rep++) {
            for (int i = 0; i < contestants.size(); i++) {
                Contestant c = contestants.get(i);
                BurstScenario.Outcome o =
                        burst.run(c, plan.burstJobs(), 1, "s2-" + c.target().prefix() + "r" + rep);
                record(rows.get(i), rep, o.perSecond(), o.problems());
                say(
                        EMBEDDED,
                        c.target().label(),
                        rep,
                        String.format(Locale.ROOT, "%.0f/s in %.2f s", o.perSecond(), o.seconds()),
                        o.problems());
            }
        }
        deleteSqliteStores(contestants);
        return rows.stream().map(Measurement.Builder::build).toList();
    }

    // ---- 3 --------------------------------------------------------------------------------------------------

    public List<Measurement> precision() {
        List<Contestant> contestants = new ArrayList<>(List.of(
                Contestants.of(target(Kind.JOBWARDEN, Database.sqlite(workDir.resolve("s3-jobwarden.db")), "jw_")),
                Contestants.of(target(Kind.QUARTZ_RAM, null, "ram_"))));
        tmpfs("s3-jobwarden.db").ifPresent(db -> contestants.add(Contestants.of(target(Kind.JOBWARDEN, db, "jwm_"))));
        PrecisionScenario scenario = new PrecisionScenario(workDir, plan.precisionWarmUp(), plan.precisionWindow());
        List<Measurement> out = new ArrayList<>();
        for (int jobs : List.of(1, plan.precisionJobs())) {
            String setting =
                    jobs == 1 ? "1 job, idle" : String.format(Locale.ROOT, "%,d jobs, %,d fires/s", jobs, jobs);
            List<Measurement.Builder[]> rows = new ArrayList<>();
            for (Contestant c : contestants) {
                String who = c.target().label();
                rows.add(new Measurement.Builder[] {
                    new Measurement.Builder(PRECISION, who, setting, "lateness p50", "ms", false),
                    new Measurement.Builder(PRECISION, who, setting, "lateness p99", "ms", false),
                    new Measurement.Builder(PRECISION, who, setting, "lateness max", "ms", false)
                });
            }
            for (int rep = 1; rep <= plan.repetitions(); rep++) {
                for (int i = 0; i < contestants.size(); i++) {
                    Contestant c = contestants.get(i);
                    PrecisionScenario.Outcome o =
                            scenario.run(c, jobs, "s3-" + c.target().prefix() + jobs + "-r" + rep);
                    Measurement.Builder[] r = rows.get(i);
                    record(r[0], rep, o.p50Millis(), o.problems());
                    record(r[1], rep, o.p99Millis(), List.of());
                    record(r[2], rep, o.maxMillis(), List.of());
                    say(
                            PRECISION,
                            c.target().label() + ", " + setting,
                            rep,
                            String.format(
                                    Locale.ROOT,
                                    "p50 %.3f ms, p99 %.3f ms, max %.3f ms",
                                    o.p50Millis(),
                                    o.p99Millis(),
                                    o.maxMillis()),
                            o.problems());
                }
            }
            for (Measurement.Builder[] r : rows) for (Measurement.Builder b : r) out.add(b.build());
        }
        deleteSqliteStores(contestants);
        return out;
    }

    // ---- 4 --------------------------------------------------------------------------------------------------

    public List<Measurement> scale() {
        ScaleScenario scenario = new ScaleScenario(workDir, plan.scaleIdle(), plan.scaleProbes());
        String who = "Jobwarden on SQLite";
        List<Measurement> out = new ArrayList<>();
        for (int jobs : plan.scaleJobs()) {
            String setting = String.format(Locale.ROOT, "%,d cron jobs", jobs);
            long t0 = System.nanoTime();
            Path seeded = scenario.seed(jobs);
            progress.accept(String.format(
                    Locale.ROOT, "%s: seeded %,d cron jobs in %.0f s", SCALE, jobs, (System.nanoTime() - t0) / 1e9));
            Measurement.Builder start = new Measurement.Builder(SCALE, who, setting, "time to start", "ms", false);
            Measurement.Builder heap = new Measurement.Builder(SCALE, who, setting, "heap after full GC", "MiB", false);
            Measurement.Builder cpu = new Measurement.Builder(
                    SCALE, who, setting, "idle CPU (" + plan.scaleIdle().toSeconds() + " s)", "% of a core", false);
            Measurement.Builder claim =
                    new Measurement.Builder(SCALE, who, setting, "claim and dispatch a fire", "ms", false);
            try {
                for (int rep = 1; rep <= plan.repetitions(); rep++) {
                    ScaleScenario.Outcome o = scenario.run(seeded, "s4-" + jobs + "-r" + rep);
                    record(start, rep, o.startMillis(), o.problems());
                    record(heap, rep, o.heapMiB(), List.of());
                    record(cpu, rep, o.idleCpuPercent(), List.of());
                    record(claim, rep, o.probeLatenessMillis(), List.of());
                    say(
                            SCALE,
                            setting,
                            rep,
                            String.format(
                                    Locale.ROOT,
                                    "start %.0f ms, heap %.1f MiB, idle CPU %.2f %%, claim+dispatch %.1f ms",
                                    o.startMillis(),
                                    o.heapMiB(),
                                    o.idleCpuPercent(),
                                    o.probeLatenessMillis()),
                            o.problems());
                }
            } finally {
                ScaleScenario.deleteStore(seeded);
            }
            out.addAll(List.of(start.build(), heap.build(), cpu.build(), claim.build()));
        }
        return out;
    }

    // ---- 5 --------------------------------------------------------------------------------------------------

    public List<Measurement> footprint() {
        // The checkout's launcher, which run.sh starts the benchmark beside, as the default jar is.
        FootprintScenario scenario =
                new FootprintScenario(workDir, serverJar, Path.of("bin", "jobwarden"), plan.footprintSettle());
        Optional<String> why = scenario.unavailable();
        if (why.isPresent()) {
            notes.add(FOOTPRINT + ": " + why.get());
            progress.accept(FOOTPRINT + ": " + why.get());
            return List.of();
        }
        String setting = String.format(Locale.ROOT, "%,d idle jobs", plan.footprintJobs());
        String who = "jobwarden run (supervisor + worker)";
        Measurement.Builder up = new Measurement.Builder(FOOTPRINT, who, setting, "launch to /health UP", "ms", false);
        Measurement.Builder again =
                new Measurement.Builder(FOOTPRINT, who, setting, "second launch to /health UP", "ms", false);
        Measurement.Builder sup = new Measurement.Builder(FOOTPRINT, who, setting, "supervisor resident", "MiB", false);
        Measurement.Builder worker = new Measurement.Builder(FOOTPRINT, who, setting, "worker resident", "MiB", false);
        List<String> warmUp = scenario.warmUp(plan.footprintJobs());
        for (int rep = 1; rep <= plan.repetitions(); rep++) {
            FootprintScenario.Outcome o = scenario.run(plan.footprintJobs(), "s5-r" + rep);
            List<String> problems = new ArrayList<>(warmUp);
            problems.addAll(o.problems());
            record(up, rep, o.firstLaunchMillis(), problems);
            record(again, rep, o.secondLaunchMillis(), List.of());
            record(sup, rep, o.supervisorMiB(), List.of());
            record(worker, rep, o.workerMiB(), List.of());
            say(
                    FOOTPRINT,
                    setting,
                    rep,
                    String.format(
                            Locale.ROOT,
                            "up in %.0f ms (second launch %.0f ms), supervisor %.1f MiB, worker %.1f MiB",
                            o.firstLaunchMillis(),
                            o.secondLaunchMillis(),
                            o.supervisorMiB(),
                            o.workerMiB()),
                    problems);
        }
        return List.of(up.build(), again.build(), sup.build(), worker.build());
    }

    // ---- 6 --------------------------------------------------------------------------------------------------

    public List<Measurement> hotPath() {
        HotPathScenario scenario = new HotPathScenario(plan.name().equals("smoke"));
        String who = "Jobwarden engine, no store (JMH)";
        String setting = "claimed fire to task called";
        Measurement.Builder mean = new Measurement.Builder(HOT_PATH, who, setting, "mean", "µs", false);
        Measurement.Builder p50 = new Measurement.Builder(HOT_PATH, who, setting, "p50", "µs", false);
        Measurement.Builder p99 = new Measurement.Builder(HOT_PATH, who, setting, "p99", "µs", false);
        for (int rep = 1; rep <= plan.repetitions(); rep++) {
            HotPathScenario.Outcome o = scenario.run();
            record(mean, rep, o.meanMicros(), o.problems());
            record(p50, rep, o.p50Micros(), List.of());
            record(p99, rep, o.p99Micros(), List.of());
            say(
                    HOT_PATH,
                    setting,
                    rep,
                    String.format(
                            Locale.ROOT,
                            "mean %.1f µs, p50 %.1f µs, p99 %.1f µs",
                            o.meanMicros(),
                            o.p50Micros(),
                            o.p99Micros()),
                    o.problems());
        }
        return List.of(mean.build(), p50.build(), p99.build());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * The same SQLite store in /dev/shm, where a disk sync costs nothing: not a contestant for the targets, but the
     * figure that tells the engine's own cost from the disk's. Empty off Linux.
     */
    /** SQLite files go when their scenario ends: the ones in /dev/shm hold memory until deleted. */
    private static void deleteSqliteStores(List<Contestant> contestants) {
        for (Contestant c : contestants) {
            Database db = c.target().database();
            if (db != null && db.isSqlite()) db.dropTables(c.target().prefix());
        }
    }

    private Optional<Database> tmpfs(String file) {
        Path shm = Path.of("/dev/shm");
        if (!java.nio.file.Files.isDirectory(shm) || !java.nio.file.Files.isWritable(shm)) return Optional.empty();
        return Optional.of(Database.sqlite(
                shm.resolve("jobwarden-bench-" + ProcessHandle.current().pid() + "-" + file)));
    }

    private static void record(Measurement.Builder row, int rep, double value, List<String> problems) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) row.add(value);
        for (String p : problems) row.problem(rep, p);
    }

    private void say(String scenario, String what, int rep, String figures, List<String> problems) {
        progress.accept(scenario + ": " + what + ", rep " + rep + ": " + figures
                + (problems.isEmpty() ? "" : "  CHECK FAILED: " + String.join("; ", problems)));
    }
}
