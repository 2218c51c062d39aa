package io.jobwarden.engine;

import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.StoredJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jobwarden engine node: the public face of the scheduler, for the server and for teams that embed it.
 *
 * <pre>{@code
 * Jobwarden jobs = Jobwarden.builder(store)
 *         .threads(10)
 *         .task("nightly-report", "0 0 2 * * ?", ctx -> report.run(ctx.fireKey()))
 *         .start();
 * ...
 * jobs.stop();
 * }</pre>
 *
 * Beside the {@link SchedulerClient} operations it owns the node's life cycle and whether it claims fires. Every
 * method is thread-safe.
 */
public final class Jobwarden implements SchedulerClient, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobwarden.class);

    private final JobStore store;
    private final EngineSettings settings;
    private final Clock clock;
    private final NodeInfo node;
    private final JobRegistry registry;
    private final JobSpecReader reader;
    private final Dispatcher dispatcher;
    private final RunRecorder recorder;
    private final FireLoop loop;
    private final ExecutorService threads;
    private final HistoryPruner pruner;
    private volatile boolean stopped;

    Jobwarden(
            JobStore store,
            EngineSettings settings,
            Clock clock,
            NodeInfo node,
            JobRegistry registry,
            JobSpecReader reader,
            Dispatcher dispatcher,
            RunRecorder recorder,
            FireLoop loop,
            ExecutorService threads,
            HistoryPruner pruner) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.node = node;
        this.registry = registry;
        this.reader = reader;
        this.dispatcher = dispatcher;
        this.recorder = recorder;
        this.loop = loop;
        this.threads = threads;
        this.pruner = pruner;
    }

    public static JobwardenBuilder builder(JobStore store) {
        return new JobwardenBuilder(store);
    }

    // ---- life cycle ------------------------------------------------------------------------------------------

    /** Writes the configured jobs and starts recording; the scheduler thread too unless passes are run by hand. */
    Jobwarden begin(List<JobSpec> configJobs, boolean startLoop) {
        syncConfigJobsAtStart(configJobs);
        recorder.start();
        if (startLoop) loop.start();
        if (startLoop && pruner != null) pruner.start();
        log.info(
                "node {} started: {} groups, store {}",
                node.nodeId(),
                settings.groups().size(),
                store.describe());
        return this;
    }

    /**
     * Nodes starting together queue on one row lock to write the file's jobs; on a loaded database a wait can outlast
     * the statement timeout the lease sets, which is no reason to fail a start: a few more tries, then the error.
     */
    private void syncConfigJobsAtStart(List<JobSpec> configJobs) {
        for (int attempt = 1; ; attempt++) {
            try {
                registry.syncConfigJobs(configJobs, false);
                return;
            } catch (io.jobwarden.engine.spi.StoreException e) {
                if (attempt == CONFIG_SYNC_ATTEMPTS) throw e;
                log.warn(
                        "writing the config file's jobs failed (attempt {} of {}), trying again: {}",
                        attempt,
                        CONFIG_SYNC_ATTEMPTS,
                        e.getMessage());
                try {
                    Thread.sleep(500L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final int CONFIG_SYNC_ATTEMPTS = 5;

    /**
     * Stops gracefully (docs/semantics.md): claims nothing new, waits up to the shutdown timeout for running
     * runs, then cancels them ({@code CANCELLED}, retried per policy on the next start) and records every outcome.
     */
    public void stop() {
        if (stopped) return;
        stopped = true;
        loop.setClaiming(false);
        if (pruner != null) pruner.stop();
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        while (dispatcher.running() > 0 && System.nanoTime() < deadline) {
            sleepQuietly(50);
            loop.wakeUp();
        }
        if (dispatcher.running() > 0) {
            log.warn(
                    "{} runs still running after the shutdown timeout of {}; cancelling them",
                    dispatcher.running(),
                    Durations.format(settings.shutdownTimeout()));
            dispatcher.cancelAll(CancelReason.SHUTDOWN);
            long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (dispatcher.running() > 0 && System.nanoTime() < grace) sleepQuietly(50);
            dispatcher.abandonWaiting("cancelled: the service stopped and the task did not return");
        }
        loop.stopThread();
        recorder.stop(Duration.ofSeconds(10));
        threads.shutdownNow();
        try {
            store.leave(node.nodeId());
        } catch (RuntimeException e) {
            log.warn("could not leave the cluster cleanly: {}", e.getMessage());
        }
        log.info("node {} stopped", node.nodeId());
    }

    @Override
    public void close() {
        stop();
    }

    // ---- claiming control (pause / resume / drain) -------------------------------------------------------------

    /** Stops claiming new fires; running runs go on. Fires that come due meanwhile wait (or misfire). */
    public void pauseClaiming() {
        loop.setClaiming(false);
        log.info("claiming paused");
    }

    public void resumeClaiming() {
        loop.setClaiming(true);
        log.info("claiming resumed");
    }

    /** Stops claiming and waits up to {@code timeout} for running runs to end; true if none is left. */
    public boolean drain(Duration timeout) {
        pauseClaiming();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (dispatcher.running() > 0 && System.nanoTime() < deadline) sleepQuietly(50);
        return dispatcher.running() == 0;
    }

    // ---- jobs ------------------------------------------------------------------------------------------------

    @Override
    public JobSpecReader specReader() {
        return reader;
    }

    @Override
    public boolean createJob(JobSpec spec) {
        return registry.createJob(spec);
    }

    @Override
    public void putJob(JobSpec spec, JobOrigin origin) {
        registry.putJob(spec, origin);
    }

    /**
     * Makes the store's config jobs those of {@code configJobs}, as a start does: for a config file read again
     * while running (an operator's reload, so the file is the one wanted: an earlier file rolls back and becomes the
     * newest revision). Jobs created through the API are left alone.
     */
    public ConfigJobChanges syncConfigJobs(List<JobSpec> configJobs) {
        return registry.syncConfigJobs(configJobs, true);
    }

    @Override
    public boolean deleteJob(String id) {
        return registry.deleteJob(id);
    }

    @Override
    public boolean pauseJob(String id) {
        return registry.pauseJob(id);
    }

    @Override
    public boolean resumeJob(String id) {
        return registry.resumeJob(id);
    }

    @Override
    public Optional<Instant> trigger(String id) {
        return registry.trigger(id);
    }

    @Override
    public Optional<StoredJob> job(String id) {
        return store.job(id);
    }

    @Override
    public List<StoredJob> jobs() {
        return store.jobs();
    }

    @Override
    public List<Instant> nextFires(StoredJob job, int count) {
        return registry.nextFires(job, count);
    }

    @Override
    public String describeSchedule(JobSpec spec) {
        return registry.describeSchedule(spec);
    }

    // ---- history and status ------------------------------------------------------------------------------------

    @Override
    public List<RunRecord> runs(String jobId, int limit, Long beforeRunId) {
        return store.runs(jobId, limit, beforeRunId);
    }

    @Override
    public List<RunRecord> recentRuns(int limit, Long beforeRunId) {
        return store.recentRuns(limit, beforeRunId);
    }

    @Override
    public List<RunRecord> runSummaries(String jobId, int limit, Long beforeRunId, int errorChars) {
        return store.runSummaries(jobId, limit, beforeRunId, errorChars);
    }

    @Override
    public List<io.jobwarden.engine.spi.WaitingFire> waitingFires(String jobId) {
        return store.waitingFires(jobId);
    }

    @Override
    public Optional<RunRecord> run(long runId) {
        return store.run(runId);
    }

    @Override
    public Map<String, RunRecord> lastRunSummaries(int errorChars) {
        return store.lastRunSummaries(errorChars);
    }

    @Override
    public List<RunRecord> runningRuns() {
        return store.runningRuns();
    }

    @Override
    public List<NodeInfo> nodes() {
        return store.nodes();
    }

    @Override
    public EngineStatus status() {
        Instant now = clock.instant();
        return new EngineStatus(
                node.nodeId(),
                !stopped,
                loop.claiming(),
                loop.leaseValid(),
                dispatcher.running(),
                store.pendingFires(now),
                store.oldestPendingDue(now).orElse(null),
                loop.lastPass(),
                recorder.unwritten());
    }

    /**
     * Runs cancelled whose task has not returned within the cancel grace (a java task ignoring interrupts): they still
     * count as running and hold their slot and their fire until their thread ends.
     */
    public int stuckRuns() {
        return dispatcher.stuck();
    }

    /**
     * Prunes the history now, as the pruning thread does every interval; 0 when no retention was configured
     * ({@link JobwardenBuilder#history}).
     */
    public long pruneHistory() {
        return pruner == null ? 0 : pruner.prune();
    }

    public JobStore store() {
        return store;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public EngineSettings settings() {
        return settings;
    }

    @Override
    public NodeInfo node() {
        return node;
    }

    /** When the scheduler thread last finished a pass (engine clock), or null before the first; cheap, no store query. */
    public Instant lastSchedulerPass() {
        return loop.lastPass();
    }

    /** Runs once after every scheduler pass: the supervisor heartbeat hangs here so that a hung loop stops beating. */
    public void onSchedulerPass(Runnable action) {
        loop.onPass(action);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
