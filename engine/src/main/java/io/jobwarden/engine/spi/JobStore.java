package io.jobwarden.engine.spi;

import io.jobwarden.engine.HistoryRetention;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.OverlapPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Everything the engine needs to persist. One implementation per SQL dialect family; all must pass the same
 * contract tests. Every method is atomic: it commits fully or not at all, and a commit survives {@code kill -9}.
 *
 * <p>The fire model: a job row holds {@code nextFireAt}. {@link #planDue} turns due jobs into fire rows, unique by
 * (job id, fire instant) through a database constraint. {@link #claim} moves pending fires to {@code RUNNING} and
 * writes a run row for the attempt, one node per fire. {@link #complete} ends the run and either finishes the fire
 * or makes it pending again for a retry. Fires of a paused job stay pending; fires of a deleted job are dropped,
 * while its run history stays.
 *
 * <p>Throws {@link StoreException} when the database fails.
 */
public interface JobStore extends AutoCloseable {

    // ---- jobs ------------------------------------------------------------------------------------------------

    /** Adds a job; false (and nothing changed) when a job with that id exists. */
    boolean createJob(JobSpec spec, JobOrigin origin, Instant nextFireAt);

    /** Adds or replaces a job's definition and next fire; a replaced job keeps its paused state and history. */
    void putJob(JobSpec spec, JobOrigin origin, Instant nextFireAt);

    /**
     * Like {@link #putJob(JobSpec, JobOrigin, Instant)}, with the next fire chosen by {@code nextFire} from the job as
     * stored (empty when new), read under the job's row lock in the same transaction that writes it, so that a next
     * fire moved meanwhile by planning or by a run's end is never written back stale. {@code nextFire} may be
     * called more than once.
     */
    void putJobDerivingNextFire(JobSpec spec, JobOrigin origin, Function<Optional<StoredJob>, Instant> nextFire);

    Optional<StoredJob> job(String id);

    /**
     * Writes the config file's jobs, in one transaction, by the rules of docs/semantics.md, "Config jobs and API
     * edits": nothing when another node has already synced a newer revision of the file's jobs; otherwise each
     * file job is created, or replaced unless its file definition is the one it was last written from and it was
     * edited through the API since (or is unchanged), and config jobs the file no longer has are deleted.
     * {@code nextFire} chooses a written job's next fire from the job as stored (empty when new), under its row
     * lock.
     *
     * @param deliberate true for an operator's reload: the file is the one wanted, so an older revision (a rollback)
     *                   becomes the newest instead of being ignored; false for a node's start, where an older file
     *                   means an out-of-date node
     */
    ConfigSyncResult syncConfigJobs(
            List<JobSpec> jobs, BiFunction<JobSpec, Optional<StoredJob>, Instant> nextFire, boolean deliberate);

    /** A node's start: {@link #syncConfigJobs(List, BiFunction, boolean)} not deliberate. */
    default ConfigSyncResult syncConfigJobs(
            List<JobSpec> jobs, BiFunction<JobSpec, Optional<StoredJob>, Instant> nextFire) {
        return syncConfigJobs(jobs, nextFire, false);
    }

    /** All jobs, ordered by id. */
    List<StoredJob> jobs();

    /** Removes the job and its pending fires; runs already recorded stay in the history. False when unknown. */
    boolean deleteJob(String id);

    /** Pauses or resumes; on resume {@code nextFireAt} replaces the job's next fire. False when unknown. */
    boolean setPaused(String id, boolean paused, Instant nextFireAt);

    /** A value that changes whenever any job is created, replaced, paused, resumed or deleted, on any node. */
    long jobsChangeMark();

    // ---- fires -----------------------------------------------------------------------------------------------

    /**
     * For up to {@code limit} unpaused jobs whose next fire is at or before {@code now}, oldest first: asks
     * {@code planner}, inserts the fires it returns as pending (an existing fire with the same key is left alone)
     * and stores the job's new next fire, in one transaction per batch. Jobs locked by another node are skipped,
     * not waited for.
     *
     * @return how many jobs were planned (0 means nothing was due)
     */
    default int planDue(Instant now, int limit, FirePlanner planner) {
        return planDue(now, now, limit, planner);
    }

    /**
     * Like {@link #planDue(Instant, int, FirePlanner)}, planning the jobs whose next fire is at or before
     * {@code until} (a short horizon after {@code now}, so that fires can be claimed before their instant). The
     * planner still decides at {@code now}: a fire is late, and a misfire, by what it is late now.
     */
    int planDue(Instant now, Instant until, int limit, FirePlanner planner);

    /** Adds a pending fire (manual trigger). False when the job is unknown or that fire exists. */
    boolean addFire(String jobId, Instant fireAt, String note);

    /**
     * Claims pending fires whose due time has come, highest priority first, then oldest due first, respecting
     * {@link ClaimRequest#freeSlots()} per group, skipping paused jobs and fires other nodes hold locks on. Each
     * fire's job's {@link OverlapPolicy} decides, against the runs in progress on any node, whether it starts, waits
     * or is finished with a {@code SKIPPED} run. Each claimed fire gets a new run row ({@code RUNNING}, this node, attempt + 1) before this returns.
     * Nothing is claimed while the node is fenced or its lease has lapsed on the database clock. With
     * {@link ClaimRequest#notAheadOfStore()} the claim is made at the request's instant or the database clock's,
     * whichever is earlier, read in the claim's transaction; the claimed runs carry the instant used.
     */
    List<ClaimedRun> claim(ClaimRequest request);

    /**
     * Records run ends, in one transaction. A completion is accepted only while its run is still {@code RUNNING}
     * on the node named in it (a run already declared {@code ABANDONED} is not overwritten).
     *
     * @return how many were accepted
     */
    int complete(List<RunCompletion> completions);

    /**
     * Deletes finished history {@code retention} no longer keeps, in transactions of at most a few hundred rows so
     * that claiming and recording are never held up for long: runs that are not {@code RUNNING} and ended before
     * {@code now - keepDays} or are older than the job's newest {@code keepRunsPerJob} runs; and done fires none of
     * whose runs are left, unless the planner could plan that instant again (the job's newest fire, fires at or after
     * its next fire, fires of the last hour). Idempotent: several nodes may prune at once.
     *
     * @return how many rows (runs and fires) were deleted
     */
    long pruneHistory(HistoryRetention retention, Instant now);

    /** Fires due at or before {@code now} and not yet claimed: the queue depth. */
    int pendingFires(Instant now);

    /** The oldest due instant among pending fires, or empty when none is pending. */
    Optional<Instant> oldestPendingDue(Instant now);

    /**
     * The earliest instant after {@code now} at which something becomes due, on any node: an unpaused job's next fire
     * or a pending fire's due time; empty when nothing is ahead. The engine sleeps until then rather than until its
     * next poll, which is what makes fires start on time. Only what lies ahead counts: a fire already due but waiting
     * (its queue-overlap job still runs, or the slots are full) must not hide the next fire of another job.
     */
    Optional<Instant> nextDue(Instant now);

    // ---- membership and recovery -----------------------------------------------------------------------------

    /**
     * Registers or renews this node's lease for {@code lease}, measured on the database's clock so that clock
     * skew between nodes cannot make a live node look dead.
     *
     * The node's row is locked before the clock is read, and {@link #recoverAbandoned} fences a dead node under
     * the same lock, so a heartbeat never renews a lease whose runs were already taken.
     *
     * @return false when the node's previous lease had already expired or recovery had fenced the node (some of
     * its runs may have been recovered by others): the caller must stop those of its runs that the store no longer
     * has {@code RUNNING} on this node. The lease is renewed either way.
     */
    boolean heartbeat(NodeInfo node, Duration lease);

    /**
     * Fences every node whose lease has expired (it claims nothing until its next heartbeat, which returns
     * false), then marks {@code ABANDONED} every {@code RUNNING} run whose node is fenced or not a member, or whose node has the same
     * name as {@code self} but another id (an earlier process of this node). Each such fire becomes pending again
     * at {@code decider}'s time, or done when it says no retry. One transaction.
     *
     * @return the runs that were abandoned
     */
    List<RunRecord> recoverAbandoned(NodeInfo self, RetryDecider decider, Instant now);

    /**
     * Marks {@code ABANDONED} the runs the store has {@code RUNNING} on {@code nodeId} that the node does not know
     * of ({@code known}: the runs it is running or has yet to record) and that were claimed before
     * {@code claimedBefore}: a claim whose commit went through but whose acknowledgement was lost leaves such a
     * row, which nobody else would ever finish. Their fires are settled as {@link #recoverAbandoned} does. One
     * transaction.
     *
     * @return the runs that were abandoned
     */
    List<RunRecord> abandonUnknownRuns(
            String nodeId, Set<Long> known, Instant claimedBefore, RetryDecider decider, Instant now);

    /**
     * The database's clock, the one every node shares (for SQLite, which has no clock of its own, the store's
     * clock). Nodes plan and claim at no later a time than this, so that clock skew decides nothing.
     */
    Instant databaseNow();

    /** Members with a lease that has not expired, and those expired within the last hour. */
    List<NodeInfo> nodes();

    /** Removes this node from membership (clean stop). */
    void leave(String nodeId);

    // ---- history ---------------------------------------------------------------------------------------------

    /** A job's runs, newest first; {@code beforeRunId} null for the newest page. */
    List<RunRecord> runs(String jobId, int limit, Long beforeRunId);

    /** Runs of all jobs, newest first. */
    List<RunRecord> recentRuns(int limit, Long beforeRunId);

    /**
     * Like {@link #runs} ({@code jobId} given) or {@link #recentRuns} ({@code jobId} null), for listings: without
     * output, and with at most the first {@code errorChars} characters of the error (none when 0), so a page of
     * runs does not read megabytes of output and stack traces. Stores should override this with a query that leaves
     * those columns out; this default reads them and cuts them off.
     */
    default List<RunRecord> runSummaries(String jobId, int limit, Long beforeRunId, int errorChars) {
        List<RunRecord> full = jobId == null ? recentRuns(limit, beforeRunId) : runs(jobId, limit, beforeRunId);
        return full.stream().map(r -> RunRecord.summary(r, errorChars)).toList();
    }

    /** A job's fires that no run has taken yet, the soonest due first. */
    List<WaitingFire> waitingFires(String jobId);

    Optional<RunRecord> run(long runId);

    /**
     * The newest run of each job that has one, for listings: like {@link #runSummaries}, without output and with at
     * most {@code errorChars} characters of the error, so a page of jobs never reads 64 KiB of output per job.
     */
    Map<String, RunRecord> lastRunSummaries(int errorChars);

    /** Runs currently {@code RUNNING}, on any node. */
    List<RunRecord> runningRuns();

    // ---- control ---------------------------------------------------------------------------------------------

    /**
     * Records that a signed control request was acted on: true the first time {@code signatureHash} is offered, on
     * any node, false while an earlier use is remembered. Remembered until {@code expiresAt}; rows that expired
     * before {@code now} are removed along the way. One statement decides, so two nodes racing cannot both win.
     */
    boolean markControlUsed(String signatureHash, Instant expiresAt, Instant now);

    // ---- health ----------------------------------------------------------------------------------------------

    /** Runs a real query; returns how long it took. */
    Duration ping();

    /** A short description for health details: dialect and URL without credentials. */
    String describe();

    @Override
    void close();
}
