package io.jobwarden.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Supervisor#run(Duration, Runnable)}: the caller's own start waits for the start of the worker launched ahead,
 * and nothing is logged or relayed before it. Real worker JVMs ({@link FakeWorker}) on the real link.
 */
class SupervisorOwnStartTest {
    private static final Duration LONG_PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private LogCapture log;
    private Supervisor supervisor;

    @BeforeEach
    void captureLog() {
        log = new LogCapture();
    }

    @AfterEach
    void stopEverything() {
        if (supervisor != null) supervisor.stop();
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        log.close();
    }

    @Test
    void theCallersStartWaitsUntilTheWorkerSaysItsStartIsDoneAndItsOutputWaitsTillThen() throws Exception {
        OwnStart own = new OwnStart();
        CompletableFuture<Integer> exit = runInBackground(LONG_PATIENCE, own, "up-after:1500");

        await().atMost(Duration.ofSeconds(60)).until(() -> own.ranAt != null);
        assertThat(own.workerHadSentUp).isTrue();
        // Held back: neither the worker's lines nor the supervisor's own came before the caller's start.
        assertThat(own.logBefore).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("UP SENT"));
        List<String> relayed = log.lines().stream()
                .filter(l -> l.contains(WorkerOutput.LOGGER))
                .toList();
        assertThat(relayed).anyMatch(l -> l.contains("FAKE WORKER pid="));
        assertThat(String.join("\n", relayed)).containsSubsequence("FAKE WORKER pid=", "STARTING", "UP SENT");
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.state() == Supervisor.State.RUNNING);
        assertThat(log.contains("Worker pid " + supervisor.workerPid().getAsLong() + " connected to the supervisor"))
                .isTrue();
        assertThat(exit).isNotDone();
    }

    @Test
    void aWorkerThatNeverSaysItIsUpHoldsTheCallerOnlyForThePatience() throws Exception {
        OwnStart own = new OwnStart();
        long before = System.nanoTime();
        runInBackground(Duration.ofSeconds(2), own, "healthy");

        await().atMost(Duration.ofSeconds(60)).until(() -> own.ranAt != null);
        assertThat(Duration.ofNanos(own.ranAt - before)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(own.workerAtThen).as("the worker still runs").isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("FAKE WORKER pid="));
    }

    @Test
    void aWorkerThatExitsBeforeItIsUpEndsTheWaitAndItsOutputIsStillRelayed() throws Exception {
        OwnStart own = new OwnStart();
        runInBackground(LONG_PATIENCE, own, "exit:3", "healthy");

        // Far inside the patience: the exit ended the wait.
        await().atMost(Duration.ofSeconds(30)).until(() -> own.ranAt != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("behaviour=exit:3"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> log.contains("Restarting the worker") && log.contains("behaviour=healthy restarts=1"));
    }

    @Test
    void aStopWhileTheCallerWaitsStopsTheWorkerGracefully() throws Exception {
        OwnStart own = new OwnStart();
        CompletableFuture<Integer> exit = runInBackground(LONG_PATIENCE, own, "healthy");
        // Known to the supervisor (and reachable) while it waits, before its own start has run.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> supervisor.workerPid().isPresent());
        long worker = supervisor.workerPid().getAsLong();

        supervisor.stop();

        assertThat(exit.get()).isZero();
        assertThat(own.ranAt).isNotNull();
        assertThat(log.contains("Stopping worker pid " + worker)).isTrue();
        assertThat(log.contains("Worker pid " + worker + " stopped with exit code"))
                .isTrue();
        assertThat(TestWorkers.gone(worker)).isTrue();
    }

    @Test
    void aReloadAskedForBeforeTheWorkerConnectedReachesItOnceItCanReload() throws Exception {
        OwnStart own = new OwnStart();
        supervisor = new Supervisor(settings("up-after:3000"));
        supervisor.launchAhead();
        // Long before the worker's JVM can have connected: held by the supervisor until the worker says its start
        // is done (the fake, as the real one, takes reloads from then on).
        assertThat(supervisor.reloadWorker()).isTrue();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> supervisor.run(LONG_PATIENCE, own), runnable -> new Thread(runnable, "supervisor").start());

        // The fake prints RELOAD RECEIVED from a thread of its own: after STARTING, but not ordered with UP SENT.
        await().atMost(Duration.ofSeconds(60)).until(() -> log.contains("UP SENT") && log.contains("RELOAD RECEIVED"));
        List<String> relayed = log.lines().stream()
                .filter(l -> l.contains(WorkerOutput.LOGGER))
                .toList();
        assertThat(String.join("\n", relayed)).containsSubsequence("STARTING", "RELOAD RECEIVED");
        assertThat(relayed).filteredOn(l -> l.contains("RELOAD RECEIVED")).hasSize(1);
        supervisor.stop();
        assertThat(exit.get()).isZero();
    }

    @Test
    void aStopBeforeTheLaunchStartsNoWorker() {
        OwnStart own = new OwnStart();
        supervisor = new Supervisor(settings("healthy"));
        supervisor.stop();
        supervisor.launchAhead();

        assertThat(supervisor.workerPid()).isEmpty();
        assertThat(supervisor.reloadWorker()).isFalse();
        assertThat(supervisor.run(LONG_PATIENCE, own)).isZero();
        assertThat(own.ranAt)
                .as("the caller's start still runs, so that its stop can be logged")
                .isNotNull();
        assertThat(log.contains("FAKE WORKER")).isFalse();
    }

    @Test
    void aCallersStartThatFailsKillsTheWorkerAndIsPassedOn() throws Exception {
        supervisor = new Supervisor(settings("up-after:0"));
        supervisor.launchAhead();
        AtomicLong worker = new AtomicLong(-1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> supervisor.run(LONG_PATIENCE, () -> {
                    worker.set(supervisor.workerPid().orElseThrow());
                    throw new IllegalStateException("logging could not be set up");
                }),
                runnable -> new Thread(runnable, "supervisor").start());

        assertThatThrownBy(exit::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(worker.get()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestWorkers.gone(worker.get()));
    }

    private CompletableFuture<Integer> runInBackground(Duration patience, Runnable ownStart, String... behaviours) {
        supervisor = new Supervisor(settings(behaviours));
        supervisor.launchAhead();
        return CompletableFuture.supplyAsync(
                () -> supervisor.run(patience, ownStart), runnable -> new Thread(runnable, "supervisor").start());
    }

    private SupervisorSettings settings(String... behaviours) {
        return TestWorkers.settings(
                dir,
                Duration.ofSeconds(10),
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                Duration.ofSeconds(8),
                Duration.ofSeconds(10),
                behaviours);
    }

    /** Records when it ran, what the log held then, and whether the worker had said it was up. */
    private final class OwnStart implements Runnable {
        volatile Long ranAt;
        volatile boolean workerHadSentUp;
        volatile OptionalLong workerAtThen = OptionalLong.empty();
        volatile List<String> logBefore = new ArrayList<>();

        @Override
        public void run() {
            workerHadSentUp = Files.exists(dir.resolve("up-sent"));
            workerAtThen = supervisor.workerPid();
            logBefore = log.lines().stream()
                    .filter(line -> line.contains("io.jobwarden"))
                    .toList();
            ranAt = System.nanoTime();
        }
    }
}
