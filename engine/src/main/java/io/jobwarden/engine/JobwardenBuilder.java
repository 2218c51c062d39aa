package io.jobwarden.engine;

import io.jobwarden.api.Task;
import io.jobwarden.engine.run.EnvSubstitution;
import io.jobwarden.engine.run.RunTextMask;
import io.jobwarden.engine.run.TaskRunner;
import io.jobwarden.engine.schedule.CronDialect;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RetryDecider;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/** Builds an engine node; {@link Jobwarden#builder(JobStore)} makes one, see {@link Jobwarden} for an example. */
public final class JobwardenBuilder {
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
    /**
     * Each claim commits with a disk sync, so the fewer a burst of short runs takes, the faster it drains; but the
     * scheduling thread renews the lease between claims, and claims of 500 once made a loaded node miss its renewal.
     */
    private int claimBatch = 250;
    /**
     * Long enough for the plans and claims of a second's fires on a busy store to commit before the instant, short
     * enough that a slot is seldom held idle for a run about to start. A thousand fires due at one instant take eight
     * synced transactions on SQLite (plans of 50, 500 and 450, claims of 250): 37 to 135 ms on a two-core machine's
     * disk, so with 100 ms the last claims of some seconds committed after the instant and their fires started 45 to
     * 58 ms late (bench/RESULTS.md, round eighteen).
     */
    static final long DEFAULT_CLAIM_AHEAD_MILLIS = 200;

    private Duration claimAhead = Duration.ofMillis(DEFAULT_CLAIM_AHEAD_MILLIS);
    private RandomGenerator random = RandomGenerator.getDefault();
    private FireGuard guard = FireGuard.NONE;
    private Duration guardTtl = Duration.ofSeconds(30);
    private final List<RunListener> listeners = new ArrayList<>();
    private EnvSubstitution substitution = EnvSubstitution.ofProcess();
    private RunTextMask runTextMask = RunTextMask.NONE;
    private HistoryRetention retention;
    private Duration pruneInterval = Duration.ofMinutes(1);
    private LongSupplier ticker = System::nanoTime;
    private CronDialect cronDialect;

    JobwardenBuilder(JobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The time source for every scheduling decision; tests pass a clock they move. */
    public JobwardenBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Stable across restarts; defaults to {@code jobwarden@<host>}. */
    public JobwardenBuilder nodeName(String name) {
        this.nodeName = name;
        return this;
    }

    /** Concurrent runs of the default group on this node. */
    public JobwardenBuilder threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        this.threads = threads;
        return this;
    }

    public JobwardenBuilder group(String name, int maxConcurrent, int priority) {
        groups.put(name, new GroupSpec(name, maxConcurrent, priority));
        return this;
    }

    public JobwardenBuilder runner(TaskRunner runner) {
        runners.put(runner.type(), runner);
        return this;
    }

    public JobwardenBuilder runners(Iterable<? extends TaskRunner> all) {
        all.forEach(this::runner);
        return this;
    }

    /** A job defined in configuration: written on start; removed from the store when no longer listed. */
    public JobwardenBuilder job(JobSpec spec) {
        jobs.add(spec);
        return this;
    }

    /** A job whose work is code in this process. Every node sharing the store must register the same tasks. */
    public JobwardenBuilder task(String id, String schedule, Task task) {
        return task(JobSpec.of(id, schedule, "java", Map.of()), task);
    }

    /** Like {@link #task(String, String, Task)}, with every policy of the spec (timeout, retry, overlap...). */
    public JobwardenBuilder task(JobSpec spec, Task task) {
        tasks.put(spec.id(), task);
        jobs.add(spec);
        return this;
    }

    public JobwardenBuilder pollInterval(Duration d) {
        this.pollInterval = d;
        return this;
    }

    public JobwardenBuilder lease(Duration d) {
        this.lease = d;
        return this;
    }

    public JobwardenBuilder shutdownTimeout(Duration d) {
        this.shutdownTimeout = d;
        return this;
    }

    public JobwardenBuilder misfireThreshold(Duration d) {
        this.misfireThreshold = d;
        return this;
    }

    public JobwardenBuilder catchUpLimit(int n) {
        this.catchUpLimit = n;
        return this;
    }

    public JobwardenBuilder claimBatch(int n) {
        this.claimBatch = n;
        return this;
    }

    /**
     * How long before their instant fires are planned and claimed, then started on the instant by their own thread,
     * so that no store round trip lies between a fire's instant and its start; {@value #DEFAULT_CLAIM_AHEAD_MILLIS} ms
     * unless set, zero to claim fires only once due. A stepped node never claims ahead: its clock is the caller's.
     */
    public JobwardenBuilder claimAhead(Duration d) {
        if (d.isNegative() || d.compareTo(Duration.ofSeconds(10)) > 0)
            throw new IllegalArgumentException("claim-ahead must be between 0 and 10s");
        this.claimAhead = d;
        return this;
    }

    /** A second lock around every run (Redis in {@code cluster.lock: redis}); renewed every third of {@code ttl}. */
    public JobwardenBuilder fireGuard(FireGuard guard, Duration ttl) {
        if (ttl.compareTo(Duration.ofMillis(100)) < 0)
            throw new IllegalArgumentException("the fire lock ttl must be at least 100ms");
        this.guard = guard;
        this.guardTtl = ttl;
        return this;
    }

    /** Jitter for retry backoff; tests pass a seeded generator. */
    public JobwardenBuilder random(RandomGenerator random) {
        this.random = random;
        return this;
    }

    /** Adds a listener; several may be added (metrics, alerts, logs). */
    public JobwardenBuilder listener(RunListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Where {@code ${env:NAME}} in a job's settings is looked up when a run starts; this process's environment
     * unless set.
     */
    public JobwardenBuilder envSubstitution(EnvSubstitution substitution) {
        this.substitution = Objects.requireNonNull(substitution, "substitution");
        return this;
    }

    /** Masks secrets in runs' output and error text before they are recorded; none unless set. */
    public JobwardenBuilder runTextMask(RunTextMask mask) {
        this.runTextMask = Objects.requireNonNull(mask, "mask");
        return this;
    }

    /**
     * Deletes finished history beyond {@code retention} every minute, on a thread of its own. Without it the
     * history is kept for ever (the server always sets it: {@code history:} in jobwarden.yml).
     */
    public JobwardenBuilder history(HistoryRetention retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
        return this;
    }

    /** How often the history is pruned; one minute unless a test wants it sooner. */
    public JobwardenBuilder pruneInterval(Duration interval) {
        if (interval.toMillis() < 1) throw new IllegalArgumentException("the prune interval must be positive");
        this.pruneInterval = interval;
        return this;
    }

    /**
     * Monotonic nanoseconds for self-fencing: the time since the lease was last renewed is counted on it, never on
     * {@link #clock}, which may jump. {@code System::nanoTime} unless a test moves time itself.
     */
    public JobwardenBuilder ticker(LongSupplier nanos) {
        this.ticker = Objects.requireNonNull(nanos, "ticker");
        return this;
    }

    /** How jobs submitted without a {@code cron-dialect} read cron; by default Quartz, with warnings. */
    public JobwardenBuilder cronDialect(CronDialect dialect) {
        this.cronDialect = dialect;
        return this;
    }

    /** Builds and starts the node: registers the configured jobs, then starts scheduling. */
    public Jobwarden start() {
        return assemble(claimAhead).engine().begin(jobs, true);
    }

    /**
     * Builds and starts the node without its scheduler thread: the caller runs each pass, at the time of the clock
     * it passed. For tests; jobwarden-testkit's {@code SteppedEngine} is the convenient way in.
     */
    public SteppedNode startStepped() {
        SteppedNode node = assemble(Duration.ZERO);
        node.engine().begin(jobs, false);
        return node;
    }

    private SteppedNode assemble(Duration ahead) {
        Map<String, GroupSpec> allGroups = new LinkedHashMap<>(groups);
        allGroups.putIfAbsent(GroupSpec.DEFAULT, new GroupSpec(GroupSpec.DEFAULT, threads, GroupSpec.DEFAULT_PRIORITY));
        EngineSettings settings = new EngineSettings(
                nodeName, allGroups, pollInterval, lease, shutdownTimeout, misfireThreshold, catchUpLimit, claimBatch);
        Map<String, TaskRunner> allRunners = Map.copyOf(runners);
        NodeInfo node = new NodeInfo(
                nodeName + "#" + UUID.randomUUID().toString().substring(0, 8),
                nodeName,
                host(),
                clock.instant(),
                null,
                null,
                0);
        ScheduleCache schedules = new ScheduleCache();
        WakeSignal wake = new WakeSignal();
        ExecutorService runThreads = Executors.newCachedThreadPool(daemonThreads("jobwarden-run-"));
        RunListener listener = RunListeners.all(listeners);
        RandomGenerator jitter = random;
        RetryDecider retries = new RecoveryDecider(schedules, jitter);
        RunRecorder recorder = new RunRecorder(store, node.nodeId(), schedules, random, listener, wake::wakeUp);
        Dispatcher dispatcher = new Dispatcher(
                allGroups,
                allRunners,
                Map.copyOf(tasks),
                clock,
                runThreads,
                recorder,
                guard,
                guardTtl,
                substitution,
                runTextMask,
                listener,
                ahead);
        FireLoop loop = new FireLoop(
                store,
                settings,
                clock,
                new SchedulePlanner(schedules, misfireThreshold, catchUpLimit),
                dispatcher,
                retries,
                listener,
                node,
                wake,
                new LeaseWatchdog(lease, ticker, () -> {
                    int cancelled = dispatcher.fence();
                    wake.wakeUp();
                    return cancelled;
                }),
                ahead);
        Jobwarden engine = new Jobwarden(
                store,
                settings,
                clock,
                node,
                new JobRegistry(store, settings, clock, schedules, wake),
                new JobSpecReader(allRunners, allGroups.keySet(), cronDialect),
                dispatcher,
                recorder,
                loop,
                runThreads,
                retention == null ? null : new HistoryPruner(store, retention, pruneInterval, clock, listener));
        return new SteppedNode(engine, loop, dispatcher, recorder);
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
}
