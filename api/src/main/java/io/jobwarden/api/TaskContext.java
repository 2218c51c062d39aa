package io.jobwarden.api;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/** What a running task knows about its fire, and where it writes output that the run history keeps. */
public interface TaskContext {
    String jobId();

    /** The scheduled instant of the fire this run belongs to (not the moment it started). */
    Instant fireTime();

    long runId();

    /** 1 for the first attempt of a fire, 2 for its first retry, and so on. */
    int attempt();

    /**
     * A key that is the same for every attempt of one fire and different for every other fire:
     * use it as an idempotency key for effects that must not repeat.
     */
    default String fireKey() {
        return jobId() + "@" + fireTime();
    }

    /** The job's own settings from its definition (for a java job: everything besides the common keys). */
    Map<String, Object> settings();

    /** Output written here is kept with the run (the last 64 KiB). */
    PrintStream out();

    /** True once the run has been asked to stop (timeout or shutdown). */
    boolean isCancelled();
}
