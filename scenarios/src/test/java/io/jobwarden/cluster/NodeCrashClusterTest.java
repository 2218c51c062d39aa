package io.jobwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/semantics.md with a crash: one of three nodes is killed with SIGKILL in the middle of a burst. Its
 * runs in flight become {@code ABANDONED} once its lease runs out and are retried on the others (the jobs allow three
 * retries), so every fire still ends in exactly one success; an attempt never runs twice, and a retry never starts
 * before the attempt it replaces was declared dead.
 */
class NodeCrashClusterTest extends ClusterScenario {
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final int EVERY_SECOND_JOBS = 5;
    /** Long enough that a node always has runs in flight when it dies. */
    private static final int WORK_MS = 50;

    @ParameterizedTest(name = "{0}")
    @MethodSource(BOTH_DATABASES)
    void aNodeKilledMidBurstLosesNoFireAndNoAttemptRunsTwice(SharedDatabase db) {
        cluster = new Cluster(db, "workMs=" + WORK_MS);
        int burst = JobSet.burstSize(JobSet.FULL_BURST);
        Instant t0 = JobSet.burstTime(burst);
        JobSet jobs = new JobSet(burst, t0, EVERY_SECOND_JOBS, t0, 3);
        jobs.storeIn(cluster.store);
        List<NodeProcess> nodes = cluster.start(3, jobs);
        NodeProcess victim = nodes.get(1);

        // The victim must be mid-run when it dies: under load one node can start claiming well after the others,
        // so a third of the burst done says nothing about the victim by itself.
        await("a third of the burst executed, the victim with runs in flight")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.executionCount() >= burst / 3
                        && !runIdsOf(victim, cluster.store.runningRuns()).isEmpty());
        Instant killedAt = Instant.now();
        victim.kill();
        Set<Long> inFlight = runIdsOf(victim, cluster.store.runningRuns());
        assertThat(inFlight).as("runs of %s in flight when it died", victim).isNotEmpty();

        await("runs of the dead node recovered")
                .atMost(ClusterNodeMain.LEASE.plusMinutes(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> runIdsOf(victim, cluster.store.runningRuns()).isEmpty());
        Duration noticed = Duration.between(killedAt, Instant.now());

        List<String> expected = jobs.expectedFires(WINDOW);
        cluster.settle(jobs, expected, WINDOW.plusMinutes(3));
        cluster.stopAll();

        ExecutionLedger ledger = cluster.ledger();
        List<RunRecord> runs = cluster.runs();
        Map<Long, RunRecord> runById = runs.stream().collect(Collectors.toMap(RunRecord::runId, Function.identity()));
        List<RunRecord> abandoned =
                runs.stream().filter(r -> r.state() == RunState.ABANDONED).toList();

        assertThat(ledger.missing(expected)).as("fires that never ran").isEmpty();
        assertThat(ledger.attemptRepeated())
                .as("fires with an attempt that ran twice")
                .isEmpty();
        assertThat(ledger.all.stream().map(Execution::runId).distinct().count())
                .as("runs executed twice")
                .isEqualTo(ledger.all.size());
        assertThat(abandoned)
                .extracting(RunRecord::runId)
                .as("the runs declared ABANDONED are exactly those in flight on the dead node")
                .containsExactlyInAnyOrderElementsOf(inFlight);
        assertThat(runs)
                .as("runs neither successful nor abandoned")
                .allSatisfy(r -> assertThat(r.state()).isIn(RunState.SUCCEEDED, RunState.ABANDONED));

        Map<String, List<RunRecord>> runsByFire =
                runs.stream().collect(Collectors.groupingBy(r -> r.jobId() + "@" + r.fireAt()));
        for (String fire : expected) {
            List<RunRecord> tries = runsByFire.get(fire);
            List<RunRecord> successes =
                    tries.stream().filter(r -> r.state() == RunState.SUCCEEDED).toList();
            assertThat(successes).as("successful runs of %s", fire).hasSize(1);
            RunRecord success = successes.get(0);
            Execution last = ledger.byFire.get(fire).stream()
                    .max(Comparator.comparingInt(Execution::attempt))
                    .orElseThrow();
            assertThat(last.runId())
                    .as("the last execution of %s is its successful run", fire)
                    .isEqualTo(success.runId());
            for (Execution e : ledger.byFire.get(fire)) {
                if (e.runId() != success.runId()) {
                    assertThat(runById.get(e.runId()).state())
                            .as("earlier execution %s", e)
                            .isEqualTo(RunState.ABANDONED);
                }
            }
        }
        for (RunRecord dead : abandoned) {
            RunRecord retry = runsByFire.get(dead.jobId() + "@" + dead.fireAt()).stream()
                    .filter(r -> r.attempt() == dead.attempt() + 1)
                    .findFirst()
                    .orElseThrow();
            assertThat(retry.startedAt())
                    .as("retry of %s started after it was declared dead", dead)
                    .isAfterOrEqualTo(dead.endedAt());
            assertThat(retry.nodeId()).isNotEqualTo(victim.nodeId());
        }

        Instant recovered = abandoned.stream()
                .map(RunRecord::endedAt)
                .max(Instant::compareTo)
                .orElseThrow();
        Duration recovery = Duration.between(killedAt, recovered);
        Duration bound =
                ClusterNodeMain.LEASE.plus(ClusterNodeMain.LEASE.dividedBy(3)).plus(ClusterNodeMain.POLL);
        System.out.printf(
                "[%s] killed %s with %d runs in flight; recorded ABANDONED %d ms after the kill (lease %d ms + heartbeat %d ms"
                        + " + poll %d ms = %d ms), seen by the test after %d ms; %d fires retried, %d of them had run their effect before the kill%n",
                db,
                victim,
                inFlight.size(),
                recovery.toMillis(),
                ClusterNodeMain.LEASE.toMillis(),
                ClusterNodeMain.LEASE.dividedBy(3).toMillis(),
                ClusterNodeMain.POLL.toMillis(),
                bound.toMillis(),
                noticed.toMillis(),
                abandoned.size(),
                ledger.repeated().size());
        assertThat(recovery).as("time from the kill to ABANDONED").isLessThan(bound.plusSeconds(10));
        Cluster.printBurst(db + ": " + burst + " one-shots, one node of 3 killed", runs, ledger);
    }

    private static Set<Long> runIdsOf(NodeProcess node, List<RunRecord> runs) {
        return runs.stream()
                .filter(r -> r.nodeId().equals(node.nodeId()))
                .map(RunRecord::runId)
                .collect(Collectors.toSet());
    }
}
