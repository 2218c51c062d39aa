package io.jobwarden.engine;

import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.StoredJob;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a caller of the scheduler sees, without its life cycle: the job registry, the run history and the cluster's
 * status. The REST API is built on it. Every method is thread-safe; job changes go through the store, so they reach
 * every node sharing it.
 */
public interface SchedulerClient {

    // ---- job registry ------------------------------------------------------------------------------------------

    /** The reader that validates job definitions exactly as this engine accepts them. */
    JobSpecReader specReader();

    /** Adds a job; false when one with that id exists. */
    boolean createJob(JobSpec spec);

    /** Adds or replaces a job; a replaced job keeps its paused state, and its next fire if its schedule is unchanged. */
    void putJob(JobSpec spec, JobOrigin origin);

    boolean deleteJob(String id);

    boolean pauseJob(String id);

    /** Resumes a paused job from now: fires missed while paused are not made up. */
    boolean resumeJob(String id);

    /**
     * Fires a job now, outside its schedule. The fire is a real one: it is claimed once, recorded, and retried per
     * policy like any other.
     *
     * @return the fire's instant, or empty when the job is unknown
     */
    Optional<Instant> trigger(String id);

    Optional<StoredJob> job(String id);

    List<StoredJob> jobs();

    /**
     * Up to {@code count} fires ahead: the stored next fire, then what the schedule says after it. A fixed-delay job
     * has only the stored one, as its later fires depend on when its runs end.
     */
    List<Instant> nextFires(StoredJob job, int count);

    /** Plain-language reading of a job's schedule. */
    String describeSchedule(JobSpec spec);

    // ---- run history -------------------------------------------------------------------------------------------

    List<RunRecord> runs(String jobId, int limit, Long beforeRunId);

    List<RunRecord> recentRuns(int limit, Long beforeRunId);

    /** See {@link io.jobwarden.engine.spi.JobStore#runSummaries}: runs for listings, without output. */
    List<RunRecord> runSummaries(String jobId, int limit, Long beforeRunId, int errorChars);

    /** A job's fires that no run has taken yet (retries, triggers, fires of a paused job), the soonest due first. */
    List<io.jobwarden.engine.spi.WaitingFire> waitingFires(String jobId);

    Optional<RunRecord> run(long runId);

    /** See {@link io.jobwarden.engine.spi.JobStore#lastRunSummaries}: the latest run of every job, without output. */
    Map<String, RunRecord> lastRunSummaries(int errorChars);

    /** Runs in progress on any node. */
    List<RunRecord> runningRuns();

    // ---- status --------------------------------------------------------------------------------------------------

    List<NodeInfo> nodes();

    /** This node. */
    NodeInfo node();

    EngineStatus status();

    /** The time source of every scheduling decision; read run times against it, not the system clock. */
    Clock clock();
}
