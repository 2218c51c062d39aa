package io.jobwarden.platform;

/** Where a service is in its life, as every OS service manager can tell it. */
public enum ServiceState {
    RUNNING,
    STARTING,
    STOPPING,
    STOPPED,
    PAUSED,
    NOT_INSTALLED;

    /** The LSB {@code status} exit code: 0 running, 3 not running, 4 not installed (docs/semantics.md#exit-codes). */
    public int lsbExitCode() {
        return switch (this) {
            case RUNNING, PAUSED -> 0;
            case NOT_INSTALLED -> 4;
            default -> 3;
        };
    }
}
