package io.jobwarden.engine.run;

import io.jobwarden.engine.RunState;

/** Why the engine stopped a run, and the state it is recorded in. */
public enum CancelReason {
    TIMEOUT(RunState.TIMED_OUT),
    SHUTDOWN(RunState.CANCELLED),
    OPERATOR(RunState.CANCELLED);

    private final RunState state;

    CancelReason(RunState state) {
        this.state = state;
    }

    public RunState recordedAs() {
        return state;
    }
}
