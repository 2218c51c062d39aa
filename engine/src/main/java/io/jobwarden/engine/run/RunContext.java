package io.jobwarden.engine.run;

import io.jobwarden.api.TaskContext;
import io.jobwarden.engine.JobSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Everything a runner gets for one run: the job, the fire's identity, an output sink and cancellation. */
public interface RunContext extends TaskContext {

    JobSpec spec();

    /** Null when the job has no timeout. The engine enforces it; runners may use it to size their own waits. */
    Duration timeout();

    /** The raw sink for output; {@link #out()} writes here too. Runners copy process output into it. */
    OutputTail output();

    /**
     * Registers what to do when the engine stops this run (kill the process tree, abort the request). Runs at
     * once if the run is already cancelled.
     */
    void onCancel(Runnable action);

    /** Null while the run has not been cancelled. */
    CancelReason cancelReason();

    /** Stops the run: records the reason and runs every {@link #onCancel} action once. */
    void cancel(CancelReason reason);

    @Override
    default boolean isCancelled() {
        return cancelReason() != null;
    }

    /**
     * The fire's identity as environment variables / headers (docs/semantics.md): {@code JOBWARDEN_JOB_ID},
     * {@code JOBWARDEN_FIRE_TIME}, {@code JOBWARDEN_RUN_ID}, {@code JOBWARDEN_ATTEMPT}.
     */
    default Map<String, String> fireVariables() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("JOBWARDEN_JOB_ID", jobId());
        vars.put("JOBWARDEN_FIRE_TIME", fireTime().toString());
        vars.put("JOBWARDEN_RUN_ID", Long.toString(runId()));
        vars.put("JOBWARDEN_ATTEMPT", Integer.toString(attempt()));
        return vars;
    }

    @Override
    default Map<String, Object> settings() {
        return spec().settings();
    }
}
