package io.jobwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test but a measurement, run on demand: how many no-op runs a second 1, 2 and 3 node processes get through on a
 * burst of one-shot jobs all due at once, each run claimed and recorded in the history like any other. The rate is
 * taken from the store's own start and end stamps, from the burst's first start to its last end.
 *
 * <pre>
 * mvn -o -pl scenarios -am test -Dtest=ClusterThroughputTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djobwarden.cluster.throughput=true [-Djobwarden.cluster.throughput.jobs=20000] [-Djobwarden.cluster.throughput.nodes=1,2,3] \
 *     [-Djobwarden.cluster.throughput.threads=10] [-Djobwarden.cluster.throughput.repeat=1] [-Djobwarden.cluster.db=postgres]
 * </pre>
 *
 * The rate is the burst's size over the time from its due instant to the end of its last run, so planning, claiming
 * and recording all count. The burst's jobs are created through the store while the nodes run, as API jobs naming
 * their task class ({@link RecordingTask}).
 */
@EnabledIfSystemProperty(named = "jobwarden.cluster.throughput", matches = "true")
class ClusterThroughputTest {
    @Test
    void measureRunsPerSecondByNodeCount() {
        int jobs = Integer.getInteger("jobwarden.cluster.throughput.jobs", 20_000);
        int threads = Integer.getInteger("jobwarden.cluster.throughput.threads", 10);
        int[] nodeCounts = Arrays.stream(System.getProperty("jobwarden.cluster.throughput.nodes", "1,2,3")
                        .split(","))
                .mapToInt(s -> Integer.parseInt(s.strip()))
                .toArray();
        String only = System.getProperty("jobwarden.cluster.db", "postgres");
        SharedDatabase db = only.equals("mariadb") ? SharedDatabase.mariadb() : SharedDatabase.postgres();
        int repeat = Integer.getInteger("jobwarden.cluster.throughput.repeat", 1);
        Map<Integer, List<Long>> rates = new LinkedHashMap<>();
        // Rounds interleave the node counts, so that a neighbour's load on this shared host hurts none of them alone.
        for (int round = 0; round < repeat; round++) {
            for (int nodes : nodeCounts)
                rates.computeIfAbsent(nodes, n -> new ArrayList<>()).add(Math.round(measure(db, nodes, jobs, threads)));
        }
        StringBuilder table = new StringBuilder(String.format(
                "%n%s, %d no-op one-shot jobs due at once, %d threads a node, runs/s:%n", db, jobs, threads));
        rates.forEach((nodes, measured) ->
                table.append(String.format("  %d node%s: %s%n", nodes, nodes == 1 ? " " : "s", measured)));
        System.out.print(table);
    }

    /** How the burst went over time: a slow start (planning) or a slow tail shows here. */
    private static List<Integer> perSecond(List<RunRecord> runs, Instant from) {
        List<Integer> counts = new ArrayList<>();
        for (RunRecord r : runs) {
            int second = (int) Math.max(0, Duration.between(from, r.endedAt()).toSeconds());
            while (counts.size() <= second) counts.add(0);
            counts.set(second, counts.get(second) + 1);
        }
        return counts;
    }

    private static double measure(SharedDatabase db, int nodes, int jobs, int threads) {
        try (Cluster cluster = new Cluster(db, ClusterNodeMain.BURST_LEASE, "threads=" + threads)) {
            Instant never = Instant.now().plus(Duration.ofDays(1));
            cluster.start(nodes, new JobSet(0, never, 0, never, 0));
            // API jobs naming their task class, created while the nodes run: no node registers twenty thousand
            // config jobs before it starts, and the burst is all the work there is to measure.
            Instant t0 = Instant.now().plusSeconds(5).plusMillis(jobs).truncatedTo(ChronoUnit.SECONDS);
            List<JobSpec> burst = new ArrayList<>(jobs);
            for (int i = 1; i <= jobs; i++) {
                burst.add(JobSpec.builder(JobSet.oneShotId(i), "@at " + t0, "java")
                        .zone(ZoneOffset.UTC)
                        .settings(Map.of("class", RecordingTask.class.getName()))
                        .build());
            }
            JobSet.storeAll(burst, spec -> cluster.store.createJob(spec, JobOrigin.API, t0));
            assertThat(Instant.now()).as("the burst stored before it is due").isBefore(t0);
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.executionCount() >= jobs
                            && cluster.store.runningRuns().isEmpty()
                            && cluster.store.pendingFires(Instant.now()) == 0);
            cluster.stopAll();
            List<RunRecord> runs = cluster.runs();
            assertThat(runs).hasSize(jobs).allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.SUCCEEDED));
            Instant last = runs.stream()
                    .map(RunRecord::endedAt)
                    .max(Instant::compareTo)
                    .orElseThrow();
            double rate = jobs * 1000.0 / Math.max(1, Duration.between(t0, last).toMillis());
            System.out.printf(
                    "%s, %d node(s): %d runs due at %s, the last ended at %s = %.0f runs/s; per node %s%n",
                    db, nodes, jobs, t0, last, rate, cluster.ledger().perNode());
            System.out.println("  runs ended per second after the due instant: " + perSecond(runs, t0));
            return rate;
        }
    }
}
