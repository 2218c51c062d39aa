package io.jobwarden.engine;

import io.jobwarden.api.Task;
import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.run.TaskRunner;
import io.jobwarden.engine.schedule.Schedule;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RetryDecider;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.StoredJob;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
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
 * Every method is thread-safe. Job changes go through the store, so they reach every node sharing it.
 */
public final class Jobwarden implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobwarden.class);

    private final JobStore store;
    private final EngineSettings settings;
    private final Clock clock;
    private final ScheduleCache schedules;
    private final JobSpecReader reader;
    private final Dispatcher dispatcher;
    private final RunRecorder recorder;
    private final FireLoop loop;
    private final ExecutorService threads;
    private final NodeInfo node;
    private final Map<String, TaskRunner> runners;
    private volatile boolean stopped;

    private Jobwarden(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        Map<String, GroupSpec> groups = new LinkedHashMap<>(b.groups);
        groups.putIfAbsent(GroupSpec.DEFAULT, new GroupSpec(GroupSpec.DEFAULT, b.threads, GroupSpec.DEFAULT_PRIORITY));
        this.settings = new EngineSettings(
                b.nodeName,
                groups,
                b.pollInterval,
                b.lease,
                b.shutdownTimeout,
                b.misfireThreshold,
                b.catchUpLimit,
                b.claimBatch);
        this.schedules = new ScheduleCache();
        this.runners = Map.copyOf(b.runners);
        this.reader = new JobSpecReader(runners.isEmpty() ? Map.of() : runners, groups.keySet());
        this.node = new NodeInfo(
                b.nodeName + "#" + UUID.randomUUID().toString().substring(0, 8),
                b.nodeName,
                host(),
                clock.instant(),
                null,
                null,
                0);
        this.threads = Executors.newCachedThreadPool(daemonThreads("jobwarden-run-"));
        RunListener listener = RunListeners.all(b.listeners);
        RetryDecider retries = (spec, attempt, state, now) ->
                spec.retry().retryAt(attempt, state, now, b.random).orElse(null);
        FireLoop[] loopRef = new FireLoop[1];
        this.recorder = new RunRecorder(store, node.nodeId(), schedules, b.random, listener, () -> loopRef[0].wakeUp());
        this.dispatcher =
                new Dispatcher(groups, runners, Map.copyOf(b.tasks), clock, threads, recorder, b.guard, b.guardTtl);
        this.loop = new FireLoop(
                store,
                settings,
                clock,
                new SchedulePlanner(schedules, b.misfireThreshold, b.catchUpLimit),
                dispatcher,
                retries,
                listener,
                node);
        loopRef[0] = loop;
    }

    public static Builder builder(JobStore store) {
        return new Builder(store);
    }

    // ---- life cycle ------------------------------------------------------------------------------------------

    private Jobwarden begin(List<JobSpec> configJobs, boolean syncConfig, boolean startLoop) {
        if (syncConfig) syncConfigJobs(configJobs);
        recorder.start();
        if (startLoop) loop.start();
        log.info(
                "node {} started: {} groups, store {}",
                node.nodeId(),
                settings.groups().size(),
                store.describe());
        return this;
    }

    /**
     * Stops gracefully (docs/semantics.md): claims nothing new, waits up to the shutdown timeout for running
     * runs, then cancels them ({@code CANCELLED}, retried per policy on the next start) and records every outcome.
     */
    public void stop() {
        if (stopped) return;
        stopped = true;
        loop.setClaiming(false);
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

    /** The reader that validates job definitions exactly as this engine accepts them. */
    public JobSpecReader specReader() {
        return reader;
    }

    /** Adds a job; false when one with that id exists. */
    public boolean createJob(JobSpec spec) {
        JobSpec resolved = resolve(spec);
        boolean created = store.createJob(resolved, JobOrigin.API, firstFire(resolved));
        if (created) loop.wakeUp();
        return created;
    }

    /** Adds or replaces a job; a replaced job keeps its paused state, and its next fire if its schedule is unchanged. */
    public void putJob(JobSpec spec, JobOrigin origin) {
        JobSpec resolved = resolve(spec);
        Optional<StoredJob> existing = store.job(spec.id());
        // Unchanged timing keeps the stored next fire, even a past one: that is how fires missed while the service
        // was down reach the misfire policy instead of silently vanishing on restart.
        Instant next = existing.isPresent() && sameTiming(existing.get().spec(), resolved)
                ? existing.get().nextFireAt()
                : firstFire(resolved);
        store.putJob(resolved, origin, next);
        schedules.forget(spec.id());
        loop.wakeUp();
    }

    public boolean deleteJob(String id) {
        schedules.forget(id);
        return store.deleteJob(id);
    }

    public boolean pauseJob(String id) {
        return store.setPaused(id, true, null);
    }

    /** Resumes a paused job from now: fires missed while paused are not made up. */
    public boolean resumeJob(String id) {
        Optional<StoredJob> job = store.job(id);
        if (job.isEmpty()) return false;
        boolean ok = store.setPaused(id, false, firstFire(job.get().spec()));
        loop.wakeUp();
        return ok;
    }

    /**
     * Fires a job now, outside its schedule. The fire is a real one: it is claimed once, recorded, and retried per
     * policy like any other.
     *
     * @return the fire's instant, or empty when the job is unknown
     */
    public Optional<Instant> trigger(String id) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 100; i++, at = at.plusMillis(1)) {
            if (store.addFire(id, at, "manual trigger")) {
                loop.wakeUp();
                return Optional.of(at);
            }
            if (store.job(id).isEmpty()) return Optional.empty();
        }
        throw new IllegalStateException("could not find a free instant to trigger " + id);
    }

    public Optional<StoredJob> job(String id) {
        return store.job(id);
    }

    public List<StoredJob> jobs() {
        return store.jobs();
    }

    /** The next {@code count} fire instants of a job's schedule after {@code after}. */
    public List<Instant> nextFires(JobSpec spec, Instant after, int count) {
        Schedule schedule = schedules.get(spec);
        List<Instant> out = new ArrayList<>(count);
        Optional<Instant> t = schedule.nextAfter(after);
        while (t.isPresent() && out.size() < count) {
            out.add(t.get());
            if (schedule.plansFromRunEnd()) break;
            t = schedule.nextAfter(t.get());
        }
        return out;
    }

    /** Plain-language reading of a job's schedule. */
    public String describeSchedule(JobSpec spec) {
        return schedules.get(spec).describe();
    }

    // ---- history and status ------------------------------------------------------------------------------------

    public List<RunRecord> runs(String jobId, int limit, Long beforeRunId) {
        return store.runs(jobId, limit, beforeRunId);
    }

    public List<RunRecord> recentRuns(int limit, Long beforeRunId) {
        return store.recentRuns(limit, beforeRunId);
    }

    public Optional<RunRecord> run(long runId) {
        return store.run(runId);
    }

    public Map<String, RunRecord> lastRuns() {
        return store.lastRuns();
    }

    public List<NodeInfo> nodes() {
        return store.nodes();
    }

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

    public JobStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public EngineSettings settings() {
        return settings;
    }

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

    /** One scheduler pass on the caller's thread: for tests that drive the engine with their own clock. */
    void passForTest() {
        loop.pass();
    }

    /** Runs in progress or with outcomes not yet written; for tests waiting for quiet. */
    int busyForTest() {
        return dispatcher.running() + recorder.unwritten();
    }

    // ---- internals --------------------------------------------------------------------------------------------

    /** Config jobs are written on start; config jobs no longer in the file are removed; API jobs are left alone. */
    private void syncConfigJobs(List<JobSpec> configJobs) {
        Map<String, StoredJob> stored = new java.util.HashMap<>();
        for (StoredJob job : store.jobs()) stored.put(job.id(), job);
        Set<String> ids = new HashSet<>();
        for (JobSpec spec : configJobs) {
            ids.add(spec.id());
            StoredJob existing = stored.get(spec.id());
            // Nodes sharing a config all write it at start; an unchanged job need not be written again.
            if (existing != null
                    && existing.origin() == JobOrigin.CONFIG
                    && existing.spec().equals(resolve(spec))) continue;
            putJob(spec, JobOrigin.CONFIG);
        }
        for (StoredJob job : stored.values()) {
            if (job.origin() == JobOrigin.CONFIG && !ids.contains(job.id())) {
                log.info("job {} is no longer in the config file; removing it", job.id());
                deleteJob(job.id());
            }
        }
    }

    private JobSpec resolve(JobSpec spec) {
        if (spec.priority() != null) return spec;
        return new JobSpec(
                spec.id(),
                spec.schedule(),
                spec.zone(),
                spec.type(),
                spec.settings(),
                spec.timeout(),
                spec.retry(),
                spec.overlap(),
                spec.misfire(),
                spec.group(),
                settings.priorityOf(spec),
                spec.description());
    }

    private Instant firstFire(JobSpec spec) {
        return schedules.get(spec).nextAfter(clock.instant()).orElse(null);
    }

    private static boolean sameTiming(JobSpec a, JobSpec b) {
        return a.schedule().equals(b.schedule()) && a.zone().equals(b.zone());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds an engine node; see {@link Jobwarden} for an example. */
    public static final class Builder {
        private final JobStore store;
        private Clock clock = Clock.systemUTC();
        private String nodeName = "jobwarden@" + host();
        private int threads = 10;
        private final Map<String, GroupSpec> groups = new LinkedHashMap<>();
        private final Map<String, TaskRunner> runners = new LinkedHashMap<>();
        private final Map<String, Task> tasks = new LinkedHashMap<>();
        private final List<JobSpec> jobs = new ArrayList<>();
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration lease = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration misfireThreshold = Duration.ofSeconds(5);
        private int catchUpLimit = 100;
        private int claimBatch = 100;
        private RandomGenerator random = RandomGenerator.getDefault();
        private FireGuard guard = FireGuard.NONE;
        private Duration guardTtl = Duration.ofSeconds(30);
        private final List<RunListener> listeners = new ArrayList<>();

        private Builder(JobStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The time source for every scheduling decision; tests pass a clock they move. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Stable across restarts; defaults to {@code jobwarden@<host>}. */
        public Builder nodeName(String name) {
            this.nodeName = name;
            return this;
        }

        /** Concurrent runs of the default group on this node. */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
            this.threads = threads;
            return this;
        }

        public Builder group(String name, int maxConcurrent, int priority) {
            groups.put(name, new GroupSpec(name, maxConcurrent, priority));
            return this;
        }

        public Builder runner(TaskRunner runner) {
            runners.put(runner.type(), runner);
            return this;
        }

        public Builder runners(Iterable<? extends TaskRunner> all) {
            all.forEach(this::runner);
            return this;
        }

        /** A job defined in configuration: written on start; removed from the store when no longer listed. */
        public Builder job(JobSpec spec) {
            jobs.add(spec);
            return this;
        }

        /** A job whose work is code in this process. Every node sharing the store must register the same tasks. */
        public Builder task(String id, String schedule, Task task) {
            return task(JobSpec.of(id, schedule, "java", Map.of()), task);
        }

        /** Like {@link #task(String, String, Task)}, with every policy of the spec (timeout, retry, overlap...). */
        public Builder task(JobSpec spec, Task task) {
            tasks.put(spec.id(), task);
            jobs.add(spec);
            return this;
        }

        public Builder pollInterval(Duration d) {
            this.pollInterval = d;
            return this;
        }

        public Builder lease(Duration d) {
            this.lease = d;
            return this;
        }

        public Builder shutdownTimeout(Duration d) {
            this.shutdownTimeout = d;
            return this;
        }

        public Builder misfireThreshold(Duration d) {
            this.misfireThreshold = d;
            return this;
        }

        public Builder catchUpLimit(int n) {
            this.catchUpLimit = n;
            return this;
        }

        public Builder claimBatch(int n) {
            this.claimBatch = n;
            return this;
        }

        /** A second lock around every run (Redis in {@code cluster.lock: redis}); renewed every third of {@code ttl}. */
        public Builder fireGuard(FireGuard guard, Duration ttl) {
            if (ttl.compareTo(Duration.ofMillis(100)) < 0)
                throw new IllegalArgumentException("the fire lock ttl must be at least 100ms");
            this.guard = guard;
            this.guardTtl = ttl;
            return this;
        }

        /** Jitter for retry backoff; tests pass a seeded generator. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /** Adds a listener; several may be added (metrics, alerts, logs). */
        public Builder listener(RunListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Builds and starts the node: registers the configured jobs, then starts scheduling. */
        public Jobwarden start() {
            return new Jobwarden(this).begin(jobs, true, true);
        }

        /** Builds without starting the scheduler thread; tests call passes themselves. */
        Jobwarden startForTest() {
            return new Jobwarden(this).begin(jobs, true, false);
        }
    }
}
