package io.jobwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JdbcJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Node processes over one shared database, under a table prefix of their own, plus the test's own view of the store.
 * Node logs and execution files stay under {@code target/cluster/<prefix>} for a look after a failure. Closing kills
 * every node still running and drops the tables.
 */
final class Cluster implements AutoCloseable {
    /** No run of these tests fails, times out or is cancelled; one that does means its fire will not run again. */
    private static final Set<RunState> BAD_ENDS = EnumSet.of(RunState.FAILED, RunState.TIMED_OUT, RunState.CANCELLED);

    final SharedDatabase db;
    final String prefix = SharedDatabase.freshPrefix();
    final Path dir;
    final JdbcJobStore store;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> nodeArgs = new ArrayList<>();
    private boolean closed;

    Cluster(SharedDatabase db, String... nodeArgs) {
        this.db = db;
        this.dir = Path.of("target", "cluster", prefix).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.store = db.open(prefix);
        this.nodeArgs.addAll(db.nodeArgs(prefix));
        this.nodeArgs.addAll(Arrays.asList(nodeArgs));
    }

    /** Starts a node without waiting for it. */
    NodeProcess launch(String name, JobSet jobs) {
        List<String> args = new ArrayList<>(nodeArgs);
        args.addAll(jobs.toArgs());
        NodeProcess node = NodeProcess.launch(name, dir, args);
        nodes.add(node);
        return node;
    }

    /** Starts {@code count} nodes named node-1, node-2... at once and waits until all of them schedule. */
    List<NodeProcess> start(int count, JobSet jobs) {
        List<NodeProcess> started = new ArrayList<>();
        for (int i = 1; i <= count; i++) started.add(launch("node-" + i, jobs));
        started.forEach(NodeProcess::awaitReady);
        return started;
    }

    ExecutionLedger ledger() {
        return new ExecutionLedger(Execution.readAll(dir));
    }

    long executionCount() {
        return Execution.count(dir);
    }

    /**
     * Waits until every expected fire has run at least once. A fire that never runs fails the test with the first few
     * of those still missing; fires that ran twice are the caller's to look for once the cluster is quiet.
     */
    void awaitExecuted(Collection<String> expectedFires, Duration atMost) {
        await("expected fires executed")
                .atMost(atMost)
                .pollInterval(Duration.ofSeconds(1))
                .failFast(
                        "a run ended badly",
                        () -> assertThat(store.recentRuns(200, null))
                                .noneSatisfy(r -> assertThat(r.state())
                                        .as("run %d of %s: %s", r.runId(), r.jobId(), r.error())
                                        .isIn(BAD_ENDS)))
                .untilAsserted(() -> {
                    List<String> missing = ledger().missing(expectedFires);
                    assertThat(missing.size())
                            .as(
                                    "fires not executed yet, of %d; the first: %s",
                                    expectedFires.size(), missing.subList(0, Math.min(10, missing.size())))
                            .isZero();
                });
    }

    /** Waits until no run is running and no due fire is waiting, on any node. */
    void awaitQuiet() {
        await("cluster quiet")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> store.runningRuns().isEmpty() && store.pendingFires(Instant.now()) == 0);
    }

    /**
     * Waits for the expected fires, then pauses the every-second jobs and waits until nothing runs or waits any more,
     * so that what the files and the store hold afterwards is final.
     */
    void settle(JobSet jobs, Collection<String> expectedFires, Duration atMost) {
        awaitExecuted(expectedFires, atMost);
        jobs.everyIds().forEach(id -> store.setPaused(id, true, null));
        awaitQuiet();
    }

    /** Prints how fast the one-shot runs in {@code runs} went, from the first start to the last end, and where. */
    static void printBurst(String label, List<RunRecord> runs, ExecutionLedger ledger) {
        List<RunRecord> burst =
                runs.stream().filter(r -> !JobSet.isEvery(r.jobId())).toList();
        if (burst.isEmpty()) return;
        Instant first =
                burst.stream().map(RunRecord::startedAt).min(Instant::compareTo).orElseThrow();
        Instant last = burst.stream()
                .map(RunRecord::endedAt)
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElseThrow();
        long ms = Math.max(1, Duration.between(first, last).toMillis());
        System.out.printf(
                "%s: %d runs in %d ms = %.0f runs/s; executions per node %s%n",
                label, burst.size(), ms, burst.size() * 1000.0 / ms, ledger.perNode());
    }

    /** The whole run history, oldest first. */
    List<RunRecord> runs() {
        List<RunRecord> all = new ArrayList<>();
        Long before = null;
        while (true) {
            List<RunRecord> page = store.recentRuns(1000, before);
            all.addAll(page);
            if (page.size() < 1000) break;
            before = page.get(page.size() - 1).runId();
        }
        Collections.reverse(all);
        return all;
    }

    /** Graceful stop of every node still running; each must exit 0. */
    void stopAll() {
        List<String> failures = new ArrayList<>();
        for (NodeProcess node : nodes) {
            if (!node.isAlive()) continue;
            int code = node.stop();
            if (code != 0) failures.add(node + " exited " + code + ":\n" + node.logText());
        }
        if (!failures.isEmpty()) throw new IllegalStateException(String.join("\n", failures));
    }

    /** Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (NodeProcess node : nodes) {
            if (node.isAlive()) node.kill();
        }
        try {
            store.close();
        } finally {
            db.dropTables(prefix);
        }
    }
}
