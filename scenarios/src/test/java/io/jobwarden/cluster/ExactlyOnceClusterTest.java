package io.jobwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/semantics.md on three node processes sharing one database: a burst of one-shot jobs all due at once
 * and jobs firing every second for half a minute; each fire runs exactly once, on whichever node, and none is lost.
 * The executions are counted from the tasks' own files, not from the store.
 */
class ExactlyOnceClusterTest extends ClusterScenario {
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final int EVERY_SECOND_JOBS = 5;

    @ParameterizedTest(name = "{0}")
    @MethodSource(BOTH_DATABASES)
    void eachFireOfABurstAndOfEverySecondJobsRunsExactlyOnceAcrossThreeNodes(SharedDatabase db) {
        cluster = new Cluster(db, ClusterNodeMain.BURST_LEASE);
        int burst = JobSet.burstSize(JobSet.FULL_BURST);
        Instant t0 = JobSet.burstTime(burst);
        JobSet jobs = new JobSet(burst, t0, EVERY_SECOND_JOBS, t0, 0);
        jobs.storeIn(cluster.store);
        cluster.start(3, jobs);
        long early = Duration.between(Instant.now(), t0).toMillis();
        System.out.printf(
                "[%s] %d jobs stored, 3 nodes ready %d ms %s the burst was due%n",
                db, burst + EVERY_SECOND_JOBS, Math.abs(early), early >= 0 ? "before" : "after");

        List<String> expected = jobs.expectedFires(WINDOW);
        cluster.settle(jobs, expected, WINDOW.plusMinutes(3));
        cluster.stopAll();

        ExecutionLedger ledger = cluster.ledger();
        assertThat(ledger.missing(expected)).as("fires that never ran").isEmpty();
        assertThat(ledger.repeated()).as("fires that ran more than once").isEmpty();
        List<RunRecord> runs = cluster.runs();
        assertThat(runs)
                .as("the store's history")
                .allSatisfy(r -> assertThat(r.state())
                        .as("run %d of %s", r.runId(), r.jobId())
                        .isEqualTo(RunState.SUCCEEDED));
        assertThat(runIds(runs))
                .as("runs in the store vs executions in the files")
                .isEqualTo(executedRunIds(ledger));
        assertThat(ledger.perNode()).as("executions per node").containsOnlyKeys("node-1", "node-2", "node-3");
        cluster.printBurst(db + ": " + burst + " one-shots on 3 nodes", runs, ledger);
    }

    static Set<Long> runIds(List<RunRecord> runs) {
        return runs.stream().map(RunRecord::runId).collect(Collectors.toSet());
    }

    static Set<Long> executedRunIds(ExecutionLedger ledger) {
        return ledger.all.stream().map(Execution::runId).collect(Collectors.toSet());
    }
}
