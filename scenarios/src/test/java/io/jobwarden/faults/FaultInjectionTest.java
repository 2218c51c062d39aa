package io.jobwarden.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.cluster.NodeProcess;
import io.jobwarden.cluster.SharedDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults injected at random moments into real node processes on a real database, each fault its own scenario,
 * repeated {@code -Dfaults.trials=N} times (default 1). After each trial {@link FaultCheck} judges the tasks' own
 * effects: every fire of the plan acted and reached an outcome, no two attempts of one fire acted at once, no two runs
 * of a {@code queue} job acted at once, no run acted before its fire's time. Each scenario prints a {@code FAULTS}
 * line with its totals (the numbers of docs/cluster.md) and fails with the evidence when any trial was not clean.
 *
 * <p>The scenarios that leave the database running run on the shared PostgreSQL, and with
 * {@code -Dfaults.db=all} (or {@code mariadb}) on the shared MariaDB too; those that restart a server start a private
 * one of their own (PostgreSQL or MariaDB as {@code -Dfaults.db} says, Redis) and stop it at the end. Scenarios run
 * two at a time (scenarios/src/test/resources/junit-platform.properties): each has its own tables, processes and
 * servers, and the nodes mostly wait.
 */
@Execution(ExecutionMode.CONCURRENT)
class FaultInjectionTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final int TRIALS = Integer.getInteger("faults.trials", 1);
    private final Random random = new Random();

    /** The databases of this run: {@code -Dfaults.db=postgres} (the default), {@code mariadb} or {@code all}. */
    static Stream<String> databaseKinds() {
        String which = System.getProperty("faults.db", "postgres");
        List<String> names = which.equals("all") ? List.of("postgres", "mariadb") : Arrays.asList(which.split(","));
        return names.stream().map(String::strip);
    }

    /** The shared servers of the {@link #databaseKinds() databases of this run}. */
    static Stream<SharedDatabase> databases() {
        return databaseKinds().map(n -> switch (n) {
            case "postgres" -> SharedDatabase.postgres();
            case "mariadb" -> SharedDatabase.mariadb();
            default -> throw new IllegalArgumentException("faults.db: unknown database '" + n + "'");
        });
    }

    /**
     * A node paused (SIGSTOP) for three leases while it runs a {@code queue} job's run, then resumed: the other takes
     * over, and the paused one's tasks see themselves cancelled from the first moment after the resume.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNodePausedLongerThanItsLease(SharedDatabase db) {
        run("SIGSTOP of a node for 3 leases", db, () -> {
            FaultPlan plan = new FaultPlan(20, 2, startAt(), 1000, 0, 3, false);
            try (FaultTrial trial = new FaultTrial(db, plan, LEASE)) {
                List<NodeProcess> nodes = trial.start(2);
                NodeProcess victim = nodes.get(random.nextInt(2));
                // Mid-run of a queue job: its next fires are what the other node runs while this one is frozen.
                awaitRunning(trial, victim, plan.queuedIds()::contains);
                Thread.sleep(random.nextInt(300));
                trial.signal(victim, "STOP");
                try {
                    // the fault itself: the node is frozen for this long of real time
                    Thread.sleep(LEASE.multipliedBy(3).toMillis());
                } finally {
                    trial.signal(victim, "CONT");
                }
                return trial.settleAndCheck(plan.at().plusSeconds(12), Duration.ofMinutes(2));
            }
        });
    }

    /**
     * A node that stops itself (SIGSTOP) the moment a lease renewal has committed, before it reads the answer, and is
     * resumed three leases later: the answer says "renewed", but the lease it granted is long over and the other node
     * has taken the runs over, so no run of the resumed node may take another step on it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNodePausedWithALeaseRenewalInFlight(SharedDatabase db) {
        run("SIGSTOP with a lease renewal in flight", db, () -> {
            FaultPlan plan = new FaultPlan(20, 2, startAt(), 1000, 0, 3, false);
            int victim = 1 + random.nextInt(2);
            FaultyJdbcDriver.Fault fault =
                    // Once, at the first renewal that commits within 20 s: on a loaded host renewals can fail for
                    // seconds.
                    new FaultyJdbcDriver.Fault("pauseAfterRenewal", random.nextInt(1500), 20_000, 0, 0);
            try (FaultTrial trial = new FaultTrial(db, plan, LEASE)) {
                List<NodeProcess> nodes = trial.start(2, i -> i == victim ? fault.toArgs() : List.of());
                NodeProcess paused = nodes.get(victim - 1);
                await(paused + " stopped by its own fault")
                        .atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> trial.stopped(paused));
                try {
                    Thread.sleep(LEASE.multipliedBy(3).toMillis());
                } finally {
                    trial.signal(paused, "CONT");
                }
                return trial.settleAndCheck(plan.at().plusSeconds(12), Duration.ofMinutes(2));
            }
        });
    }

    /** Every database connection of a node terminated three times, a second apart, mid-burst. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNodesConnectionsKilledMidBurst(SharedDatabase db) {
        run("connections of a node killed x3", db, () -> {
            FaultPlan plan = new FaultPlan(40, 2, startAt(), 500, 0, 3, false);
            try (FaultTrial trial = new FaultTrial(db, plan, LEASE)) {
                List<NodeProcess> nodes = trial.start(2);
                NodeProcess victim = nodes.get(random.nextInt(2));
                awaitRunning(trial, victim);
                Thread.sleep(random.nextInt(1000));
                int killed = 0;
                for (int i = 0; i < 3; i++) {
                    killed += trial.terminateConnections(victim);
                    Thread.sleep(1000);
                }
                assertThat(killed).as("connections of %s terminated", victim).isPositive();
                return trial.settleAndCheck(plan.at().plusSeconds(6), Duration.ofMinutes(2));
            }
        });
    }

    /**
     * Java tasks that ignore interruption, working 4 s against a 1 s timeout with one retry: the timed-out attempt
     * still counts as running until it really returns, so its retry never acts beside it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTaskIgnoringInterruptionIsNotRetriedBesideItself(SharedDatabase db) {
        run("task ignores interrupt, timeout 1 s + retry", db, () -> {
            FaultPlan plan = new FaultPlan(4, 0, startAt(), 4000, 1000, 1, true);
            try (FaultTrial trial = new FaultTrial(db, plan, LEASE)) {
                trial.start(2);
                return trial.settleAndCheck(plan.at(), Duration.ofMinutes(1));
            }
        });
    }

    /**
     * One node's commits, for 4 s of a burst, go through on the server while a third of them fail on the node as if
     * the acknowledgement had been lost: claims it never learnt of, outcomes it believes unwritten, renewals it
     * believes failed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNodesCommitAcknowledgementsLost(SharedDatabase db) {
        run("commit acknowledgements lost (1 in 3, 4 s)", db, () -> {
            FaultPlan plan = new FaultPlan(40, 2, startAt(), 500, 0, 3, false);
            FaultyJdbcDriver.Fault fault =
                    new FaultyJdbcDriver.Fault("lostCommitAck", random.nextInt(1000), 4000, 0.33, 0);
            return onOneNode(db, plan, fault.toArgs(), 6, "FAULT lost commit acknowledgement");
        });
    }

    /**
     * One node's lease renewal stalls for two leases after the database read its clock and before the update that
     * writes the new lease, holding the node's row: the lease it writes is over before it is written.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNodesHeartbeatStalledBetweenClockReadAndUpdate(SharedDatabase db) {
        run("heartbeat stalled 2 leases between clock read and update", db, () -> {
            FaultPlan plan = new FaultPlan(20, 2, startAt(), 1000, 0, 3, false);
            // A window of one lease, soon after the burst began: the first renewal in it stalls past its end (on a
            // loaded host a window of one heartbeat interval could pass without a renewal in it).
            FaultyJdbcDriver.Fault fault = new FaultyJdbcDriver.Fault(
                    "heartbeatStall",
                    200 + random.nextInt(1000),
                    LEASE.toMillis(),
                    0,
                    LEASE.multipliedBy(2).toMillis());
            return onOneNode(db, plan, fault.toArgs(), 10, "FAULT lease renewal stalled");
        });
    }

    /** One node's clock (engine and store) runs 5 s ahead of the other's and the database's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNodeWithAClockFiveSecondsFast(SharedDatabase db) {
        run("a node's clock 5 s fast", db, () -> {
            FaultPlan plan = new FaultPlan(40, 2, startAt(), 500, 0, 3, false);
            return onOneNode(db, plan, List.of("clockOffsetMs=5000"), 6, null);
        });
    }

    /**
     * A second process started mid-burst under a name already running: it is refused at start naming the first, and
     * the first, with all its runs, goes on untouched.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSecondProcessWithOneNodesName(SharedDatabase db) {
        run("second process with a running node's name", db, () -> {
            FaultPlan plan = new FaultPlan(40, 2, startAt(), 500, 0, 3, false);
            try (FaultTrial trial = new FaultTrial(db, plan, LEASE)) {
                List<NodeProcess> nodes = trial.start(2);
                NodeProcess first = nodes.get(random.nextInt(2));
                awaitRunning(trial, first);
                Thread.sleep(random.nextInt(1000));
                NodeProcess second = trial.launchDuplicate(first);
                Optional<Integer> exit = second.awaitExit(Duration.ofMinutes(1));
                assertThat(exit).as("the second %s exits by itself", first.name).contains(2);
                assertThat(second.logText())
                        .as("its startup error names the first process")
                        .contains("REFUSED this instance is already running as process " + first.pid());
                assertThat(first.isAlive()).isTrue();
                return trial.settleAndCheck(plan.at().plusSeconds(6), Duration.ofMinutes(2));
            }
        });
    }

    /**
     * The database server restarted mid-burst, down 0.5 to 3 s, on a private server of each database of the run: a
     * fast shutdown of PostgreSQL, a SIGKILL of MariaDB.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databaseKinds")
    void theDatabaseRestartedMidBurst(String kind) {
        try (PrivateDatabase server = PrivateDatabase.start(kind)) {
            SharedDatabase db = server.database();
            run("database restarted mid-burst", db, () -> {
                FaultPlan plan = new FaultPlan(40, 2, startAt(), 500, 0, 3, false);
                try (FaultTrial trial = new FaultTrial(db, plan, LEASE)) {
                    List<NodeProcess> nodes = trial.start(2);
                    awaitRunning(trial, nodes.get(random.nextInt(2)));
                    Thread.sleep(random.nextInt(1000));
                    server.restart(500 + random.nextInt(2500));
                    return trial.settleAndCheck(plan.at().plusSeconds(8), Duration.ofMinutes(2));
                }
            });
        }
    }

    /**
     * Lock mode ({@code cluster.lock: redis}) with the Redis server killed mid-burst and started again empty 0.5 to 2
     * s later: every fire lock is gone at once; a private redis-server, the store on the shared PostgreSQL.
     */
    @Test
    void redisRestartedMidBurstInLockMode() {
        SharedDatabase db = SharedDatabase.postgres();
        try (PrivateRedis redis = new PrivateRedis()) {
            run("Redis restarted mid-burst (lock mode)", db, () -> {
                FaultPlan plan = new FaultPlan(40, 2, startAt(), 500, 0, 3, false);
                try (FaultTrial trial = new FaultTrial(db, plan, LEASE)) {
                    List<NodeProcess> nodes = trial.start(2, i -> List.of("redis=" + redis.uri()));
                    awaitRunning(trial, nodes.get(random.nextInt(2)));
                    Thread.sleep(random.nextInt(1000));
                    redis.restart(500 + random.nextInt(1500));
                    return trial.settleAndCheck(plan.at().plusSeconds(6), Duration.ofMinutes(2));
                }
            });
        }
    }

    /**
     * Two nodes, one of them (chosen at random) started with {@code faultArgs}; fires through {@code at + window}.
     * {@code evidence}, when given, is what the faulty node prints when its fault struck: a trial it never struck in
     * proves nothing and fails.
     */
    private FaultCheck onOneNode(
            SharedDatabase db, FaultPlan plan, List<String> faultArgs, int windowSeconds, String evidence) {
        int victim = 1 + random.nextInt(2);
        try (FaultTrial trial = new FaultTrial(db, plan, LEASE)) {
            List<NodeProcess> nodes = trial.start(2, i -> i == victim ? faultArgs : List.of());
            FaultCheck check = trial.settleAndCheck(plan.at().plusSeconds(windowSeconds), Duration.ofMinutes(2));
            if (evidence != null)
                assertThat(nodes.get(victim - 1).logText())
                        .as("the fault struck node-%d", victim)
                        .contains(evidence);
            return check;
        }
    }

    private interface Trial {
        FaultCheck run() throws Exception;
    }

    private void run(String fault, SharedDatabase db, Trial trial) {
        int fires = 0;
        List<String> lost = new ArrayList<>();
        List<String> attempts = new ArrayList<>();
        List<String> queued = new ArrayList<>();
        List<String> early = new ArrayList<>();
        for (int i = 1; i <= TRIALS; i++) {
            FaultCheck check;
            try {
                check = trial.run();
            } catch (Exception e) {
                throw new IllegalStateException("trial " + i + " of " + fault + " on " + db + " could not run", e);
            }
            report(String.format("FAULTS trial %d/%d [%s] %s: %s", i, TRIALS, fault, db, check.summary()));
            if (!check.clean()) report("FAULTS evidence: " + check);
            fires += check.fires();
            lost.addAll(check.lost());
            attempts.addAll(check.overlappingAttempts());
            queued.addAll(check.overlappingRuns());
            early.addAll(check.earlyStarts());
        }
        report(String.format(
                "FAULTS | %s | %s | %d | %d | %d | %d | %d | %d |",
                fault, db, TRIALS, fires, lost.size(), attempts.size(), queued.size(), early.size()));
        assertThat(lost).as("fires lost under " + fault).isEmpty();
        assertThat(attempts)
                .as("attempts of one fire acting at once under " + fault)
                .isEmpty();
        assertThat(queued)
                .as("runs of a queue job acting at once under " + fault)
                .isEmpty();
        assertThat(early)
                .as("runs acting before their fire's time under " + fault)
                .isEmpty();
    }

    /**
     * Prints a result line, and appends it to {@code target/faults/results.txt} at once: a long run of many trials
     * leaves its numbers behind trial by trial, even if it is stopped before the end.
     */
    private static synchronized void report(String line) {
        System.out.println(line);
        try {
            java.nio.file.Path file = java.nio.file.Path.of("target", "faults", "results.txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(
                    file,
                    Instant.now() + " " + line + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Far enough ahead for the jobs to be stored and two nodes to start on a busy host. */
    private static Instant startAt() {
        return Instant.now().plusSeconds(7).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Until {@code node} has a run in flight, so the fault hits work in progress. */
    private static void awaitRunning(FaultTrial trial, NodeProcess node) {
        awaitRunning(trial, node, job -> true);
    }

    /** Until {@code node} has a run of a job {@code ofJob} accepts in flight. */
    private static void awaitRunning(FaultTrial trial, NodeProcess node, Predicate<String> ofJob) {
        await(node + " running a run")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> trial.store.runningRuns().stream()
                        .anyMatch(r -> r.nodeId().equals(node.nodeId()) && ofJob.test(r.jobId())));
    }
}
