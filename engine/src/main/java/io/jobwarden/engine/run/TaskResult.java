package io.jobwarden.engine.run;

import io.jobwarden.engine.RunState;

/**
 * How a run ended, as its runner saw it. The engine may override the state (a cancelled run is
 * {@code TIMED_OUT} or {@code CANCELLED} whatever the runner returns).
 *
 * @param exitCode the process exit code or HTTP status; null when there is none
 * @param error    the stack trace or error text of a failure; null on success
 */
public record TaskResult(RunState state, Integer exitCode, String error) {
    public static TaskResult succeeded(Integer exitCode) {
        return new TaskResult(RunState.SUCCEEDED, exitCode, null);
    }

    public static TaskResult failed(Integer exitCode, String error) {
        return new TaskResult(RunState.FAILED, exitCode, error);
    }
}
