package io.jobwarden.supervisor;

/**
 * What the supervisor knows about the worker's history, for the worker to report as metrics and health.
 *
 * @param restarts   restarts since the supervisor started
 * @param crashLoop  true while the worker keeps dying (at least {@value RestartPolicy#CRASH_LOOP_RESTARTS}
 *                   restarts within the last ten minutes)
 * @param lastCause  why the previous worker ended, like {@code killed by signal 9 (SIGKILL)}; empty if none did
 */
public record SupervisorStatus(int restarts, boolean crashLoop, String lastCause) {
    public static final SupervisorStatus FIRST_START = new SupervisorStatus(0, false, "");

    public SupervisorStatus {
        // The cause travels in one protocol line and one environment variable.
        lastCause =
                lastCause == null ? "" : lastCause.replaceAll("[\\r\\n]+", " ").strip();
    }
}
