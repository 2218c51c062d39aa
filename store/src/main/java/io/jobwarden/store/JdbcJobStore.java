package io.jobwarden.store;

import io.jobwarden.engine.HistoryRetention;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.ConfigSyncResult;
import io.jobwarden.engine.spi.FirePlanner;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RetryDecider;
import io.jobwarden.engine.spi.RunCompletion;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.StoredJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The {@link JobStore} over JDBC, for SQLite, PostgreSQL and MariaDB alike; what differs between them is in its
 * {@link Dialect}. Each method is one transaction, delegated to the part that owns that table's rules.
 * Open one with {@link JobStores}.
 */
public final class JdbcJobStore implements JobStore {
    private final DataSource dataSource;
    private final DataSource readerPool;
    private final boolean ownsDataSource;
    private final Dialect dialect;
    private final String description;
    private final Transactions tx;
    /** Transactions that only read: on a SQLite file, its reader connections, so they never wait for the writer. */
    private final Transactions reads;

    private final JobRows jobs;
    private final FireRows fires;
    private final FireClaimer claimer;
    private final RunCompletionWriter completions;
    private final NodeLeases leases;
    private final AbandonedRunRecovery recovery;
    private final RunHistory history;
    private final ControlUses controlUses;
    private final HistoryPruning pruning;
    private final ConfigJobSync configSync;
    private final java.time.Clock clock;

    /** Over the caller's DataSource, which stays open when the store closes. */
    JdbcJobStore(DataSource dataSource, Dialect dialect, String url, StoreOptions options) {
        this(dataSource, null, false, dialect, url, options);
    }

    /**
     * Over pools this store opened and closes.
     *
     * @param readerPool connections for transactions that only read, or null to read through {@code pool}
     */
    JdbcJobStore(DataSource pool, DataSource readerPool, Dialect dialect, String url, StoreOptions options) {
        this(pool, readerPool, true, dialect, url, options);
    }

    private JdbcJobStore(
            DataSource dataSource,
            DataSource readerPool,
            boolean ownsDataSource,
            Dialect dialect,
            String url,
            StoreOptions options) {
        this.dataSource = dataSource;
        this.readerPool = readerPool;
        this.ownsDataSource = ownsDataSource;
        this.dialect = dialect;
        this.description = dialect.name() + " " + JdbcUrls.redact(url);
        this.tx = new Transactions(dataSource, dialect, ownsDataSource);
        this.reads = readerPool == null ? tx : new Transactions(readerPool, dialect, ownsDataSource);
        Tables tables = new Tables(options.tablePrefix());
        SpecCodec codec = new SpecCodec();
        this.jobs = new JobRows(tables, dialect, codec, options.clock());
        this.fires = new FireRows(tables, dialect, jobs);
        this.claimer = new FireClaimer(tables, dialect, codec);
        this.completions = new RunCompletionWriter(tables);
        this.leases = new NodeLeases(tables, dialect, options.clock());
        this.recovery = new AbandonedRunRecovery(tables, leases, codec);
        this.history = new RunHistory(tables);
        this.pruning = new HistoryPruning(tables, tx);
        this.controlUses = new ControlUses(tables, dialect);
        this.configSync = new ConfigJobSync(tables, dialect, codec, jobs, options.clock());
        this.clock = options.clock();
    }

    /** The connections this store writes through (a test borrows from the pool it opened). */
    DataSource dataSource() {
        return dataSource;
    }

    /** Job rows planning skipped because their stored definition could not be read (each is logged once). */
    public int undecodableJobs() {
        return fires.undecodableJobs();
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public boolean createJob(JobSpec spec, JobOrigin origin, Instant nextFireAt) {
        return tx.run("create job '" + spec.id() + "'", c -> jobs.create(c, spec, origin, nextFireAt));
    }

    @Override
    public void putJob(JobSpec spec, JobOrigin origin, Instant nextFireAt) {
        tx.run("store job '" + spec.id() + "'", c -> {
            jobs.put(c, spec, origin, nextFireAt);
            return null;
        });
    }

    @Override
    public void putJobDerivingNextFire(
            JobSpec spec, JobOrigin origin, Function<Optional<StoredJob>, Instant> nextFire) {
        tx.run("store job '" + spec.id() + "'", c -> {
            jobs.put(c, spec, origin, nextFire);
            return null;
        });
    }

    @Override
    public ConfigSyncResult syncConfigJobs(
            List<JobSpec> configJobs, BiFunction<JobSpec, Optional<StoredJob>, Instant> nextFire, boolean deliberate) {
        return tx.run("write the config file's jobs", c -> configSync.sync(c, configJobs, nextFire, deliberate));
    }

    @Override
    public Optional<StoredJob> job(String id) {
        return reads.run("read job '" + id + "'", c -> jobs.find(c, id));
    }

    @Override
    public List<StoredJob> jobs() {
        return reads.run("list jobs", jobs::all);
    }

    @Override
    public boolean deleteJob(String id) {
        return tx.run("delete job '" + id + "'", c -> jobs.delete(c, id));
    }

    @Override
    public boolean setPaused(String id, boolean paused, Instant nextFireAt) {
        return tx.run(
                (paused ? "pause" : "resume") + " job '" + id + "'", c -> jobs.setPaused(c, id, paused, nextFireAt));
    }

    @Override
    public long jobsChangeMark() {
        return reads.run("read the jobs change mark", jobs::changeMark);
    }

    @Override
    public int planDue(Instant now, Instant until, int limit, FirePlanner planner) {
        if (limit <= 0) return 0;
        return tx.runReplayable("plan due fires", c -> fires.planDue(c, now, until, limit, planner));
    }

    @Override
    public boolean addFire(String jobId, Instant fireAt, String note) {
        return tx.run("add a fire of job '" + jobId + "'", c -> fires.addFire(c, jobId, fireAt, note));
    }

    @Override
    public List<ClaimedRun> claim(ClaimRequest request) {
        return tx.run("claim fires", c -> {
            NodeLeases.Admission admission = leases.admission(c, request.nodeId());
            if (!admission.mayClaim()) return List.of();
            return claimer.claim(c, notAheadOfStore(c, request, admission.clockMillis()));
        });
    }

    /** The clock is the one the lease check just read, so asking for it costs no round trip of its own. */
    private ClaimRequest notAheadOfStore(Connection c, ClaimRequest request, Long clockMillis) throws SQLException {
        if (!request.notAheadOfStore()) return request;
        Instant store = Instant.ofEpochMilli(clockMillis != null ? clockMillis : dialect.nowMillis(c, clock));
        return request.at(store.isBefore(request.now()) ? store : request.now());
    }

    @Override
    public int complete(List<RunCompletion> runs) {
        return tx.run("record " + runs.size() + " run outcomes", c -> completions.complete(c, runs));
    }

    @Override
    public int pendingFires(Instant now) {
        return reads.run("count pending fires", c -> fires.pendingFires(c, now));
    }

    @Override
    public Optional<Instant> oldestPendingDue(Instant now) {
        return reads.run("find the oldest pending fire", c -> fires.oldestPendingDue(c, now));
    }

    @Override
    public Optional<Instant> nextDue(Instant now) {
        return reads.run("find the next due instant", c -> fires.nextDue(c, now));
    }

    @Override
    public boolean heartbeat(NodeInfo node, Duration lease) {
        return tx.runReplayable("renew the lease of node " + node.nodeId(), c -> leases.heartbeat(c, node, lease));
    }

    @Override
    public List<RunRecord> recoverAbandoned(NodeInfo self, RetryDecider decider, Instant now) {
        return tx.run("recover abandoned runs", c -> recovery.recover(c, self, decider, now));
    }

    @Override
    public List<RunRecord> abandonUnknownRuns(
            String nodeId, Set<Long> known, Instant claimedBefore, RetryDecider decider, Instant now) {
        return tx.run(
                "reconcile the running runs of node " + nodeId,
                c -> recovery.abandonUnknown(c, nodeId, known, claimedBefore, decider, now));
    }

    @Override
    public Instant databaseNow() {
        // SQLite's clock is this process's: no transaction (and no write lock on the file) just to read it.
        if (dialect instanceof SqliteDialect) return clock.instant();
        return tx.run("read the database clock", leases::now);
    }

    @Override
    public List<NodeInfo> nodes() {
        return reads.run("list nodes", leases::nodes);
    }

    @Override
    public void leave(String nodeId) {
        tx.run("remove node " + nodeId, c -> {
            leases.leave(c, nodeId);
            return null;
        });
    }

    @Override
    public List<RunRecord> runs(String jobId, int limit, Long beforeRunId) {
        return reads.run("read the runs of job '" + jobId + "'", c -> history.runs(c, jobId, limit, beforeRunId));
    }

    @Override
    public List<RunRecord> recentRuns(int limit, Long beforeRunId) {
        return reads.run("read recent runs", c -> history.recentRuns(c, limit, beforeRunId));
    }

    @Override
    public List<RunRecord> runSummaries(String jobId, int limit, Long beforeRunId, int errorChars) {
        return reads.run(
                jobId == null ? "read recent runs" : "read the runs of job '" + jobId + "'",
                c -> history.summaries(c, jobId, limit, beforeRunId, errorChars));
    }

    @Override
    public List<io.jobwarden.engine.spi.WaitingFire> waitingFires(String jobId) {
        return reads.run("read the waiting fires of job '" + jobId + "'", c -> history.waitingFires(c, jobId));
    }

    @Override
    public Optional<RunRecord> run(long runId) {
        return reads.run("read run " + runId, c -> history.run(c, runId));
    }

    @Override
    public Map<String, RunRecord> lastRunSummaries(int errorChars) {
        return reads.run("read the last runs", c -> history.lastRunSummaries(c, errorChars));
    }

    @Override
    public List<RunRecord> runningRuns() {
        return reads.run("read running runs", history::runningRuns);
    }

    /** Unlike the other methods, many short transactions rather than one: see {@link HistoryPruning}. */
    @Override
    public long pruneHistory(HistoryRetention retention, Instant now) {
        return pruning.prune(retention, now);
    }

    @Override
    public boolean markControlUsed(String signatureHash, Instant expiresAt, Instant now) {
        return tx.run("record a used control signature", c -> controlUses.markUsed(c, signatureHash, expiresAt, now));
    }

    @Override
    public Duration ping() {
        long start = System.nanoTime();
        reads.run("reach the database", jobs::changeMark);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Closes the connection pool when {@link JobStores#open} made it; a caller's own DataSource stays open. */
    @Override
    public void close() {
        if (!ownsDataSource) return;
        closePool(readerPool);
        closePool(dataSource);
    }

    private static void closePool(DataSource pool) {
        if (pool instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the store's connection pool failed", e);
            }
        }
    }
}
