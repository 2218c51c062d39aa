package io.jobwarden.bench.peer;

import io.jobwarden.bench.ledger.ExecutionLedger;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import io.jobwarden.supervisor.JvmOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Jobwarden as an embedding application uses it: {@link Jobwarden#builder} over a JDBC store, every run recorded in
 * the store's run history. The misfire threshold is raised so that a backlog seeded before the nodes start is planned
 * as on time, the same allowance Quartz gets.
 */
public final class JobwardenContestant implements Contestant {
    static final Duration MISFIRE_THRESHOLD = Duration.ofMinutes(10);

    /**
     * The options the supervisor starts its worker with (C1 only, the serial collector, smaller stacks), so that the
     * engine is measured as it runs in the product; the initial heap is left to the harness's setting for every node.
     * Until round six the nodes ran under the JVM's defaults (C2, G1), which no worker ever does: a cold node's C2
     * compilations then took most of a core through the burst, once more for every further node (bench/RESULTS.md).
     */
    public static final List<String> WORKER_JVM =
            JvmOptions.WORKER.stream().filter(o -> !o.startsWith("-Xms")).toList();

    private final Target target;

    public JobwardenContestant(Target target) {
        this.target = target;
    }

    @Override
    public List<String> nodeJvmOptions() {
        return WORKER_JVM;
    }

    @Override
    public Target target() {
        return target;
    }

    public JdbcJobStore openStore() {
        Database db = target.database();
        return JobStores.open(
                db.url(), db.user(), db.password(), StoreOptions.defaults().withTablePrefix(target.prefix()));
    }

    @Override
    public void reset() {
        target.database().dropTables(target.prefix());
        openStore().close(); // creates the schema, so that nodes starting together do not race to migrate
    }

    @Override
    public void seedOneShots(List<String> ids, Instant due) {
        // A pool as wide as the store's, on PostgreSQL; SQLite has one writer however many ask.
        int writers = target.database().isSqlite() ? 1 : 8;
        try (JdbcJobStore store = openStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> parts = new ArrayList<>();
                int slice = (ids.size() + writers - 1) / writers;
                for (int from = 0; from < ids.size(); from += slice) {
                    List<String> part = ids.subList(from, Math.min(ids.size(), from + slice));
                    parts.add(pool.submit(() -> {
                        for (String id : part) store.createJob(oneShot(id, due), JobOrigin.API, due);
                    }));
                }
                for (Future<?> f : parts) f.get();
            } catch (Exception e) {
                throw new IllegalStateException("seeding Jobwarden failed: " + e.getMessage(), e);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A Jobwarden node as the benchmark runs it: the no-op job type recording into {@code ledger}. */
    public static JobwardenBuilder builder(
            JdbcJobStore store, String nodeName, int threads, Duration pollInterval, ExecutionLedger ledger) {
        return Jobwarden.builder(store)
                .nodeName(nodeName)
                .threads(threads)
                .pollInterval(pollInterval)
                .misfireThreshold(MISFIRE_THRESHOLD)
                .runner(new LedgerRunner(ledger));
    }

    public static JobSpec oneShot(String id, Instant due) {
        return spec(id, "@at " + due.atOffset(ZoneOffset.UTC));
    }

    static JobSpec spec(String id, String schedule) {
        return JobSpec.builder(id, schedule, LedgerRunner.TYPE)
                .zone(ZoneOffset.UTC)
                .settings(Map.of())
                .build();
    }

    @Override
    public OptionalLong unfinished(long expected) {
        long done =
                target.database().count("SELECT COUNT(*) FROM " + target.prefix() + "runs WHERE state = 'SUCCEEDED'");
        return OptionalLong.of(done < 0 ? expected : expected - done);
    }

    @Override
    public Optional<String> historyProblem(long expected) {
        String runs = target.prefix() + "runs";
        long succeeded = target.database().count("SELECT COUNT(*) FROM " + runs + " WHERE state = 'SUCCEEDED'");
        long distinct = target.database()
                .count("SELECT COUNT(*) FROM (SELECT DISTINCT job_id, fire_at FROM " + runs
                        + " WHERE state = 'SUCCEEDED') d");
        long other = target.database().count("SELECT COUNT(*) FROM " + runs + " WHERE state <> 'SUCCEEDED'");
        if (succeeded == expected && distinct == expected && other == 0) return Optional.empty();
        return Optional.of("run history holds " + succeeded + " SUCCEEDED runs of " + distinct + " fires and " + other
                + " other runs; expected " + expected + " SUCCEEDED runs of " + expected + " fires");
    }

    @Override
    public SchedulerNode node(String nodeName, ExecutionLedger ledger) {
        return new Node(nodeName, ledger);
    }

    private final class Node implements SchedulerNode {
        private final JdbcJobStore store;
        private final JobwardenBuilder builder;
        private Jobwarden engine;

        Node(String nodeName, ExecutionLedger ledger) {
            this.store = openStore();
            this.builder = builder(store, nodeName, target.threads(), target.pollInterval(), ledger);
        }

        @Override
        public void addOneShots(List<String> ids, Instant due) {
            for (String id : ids) builder.job(oneShot(id, due));
        }

        @Override
        public void addEverySecond(List<String> ids) {
            for (String id : ids) builder.job(spec(id, "* * * * * ?"));
        }

        @Override
        public void start() {
            engine = builder.start();
        }

        @Override
        public void stop() {
            if (engine != null) engine.stop();
            store.close();
        }
    }
}
