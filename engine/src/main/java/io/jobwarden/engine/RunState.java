package io.jobwarden.engine;

/** The states of a run, as docs/semantics.md names them. */
public enum RunState {
    SCHEDULED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    SKIPPED,
    ABANDONED,
    CANCELLED;

    public boolean isFinal() {
        return this != SCHEDULED && this != RUNNING;
    }

    /** Outcomes that a retry policy may try again; success and a deliberate skip are never retried. */
    public boolean isRetryable() {
        return this == FAILED || this == TIMED_OUT || this == ABANDONED || this == CANCELLED;
    }
}
