package io.jobwarden.engine;

/** What happens to a fire that comes due while the job's previous run still runs. */
public enum OverlapPolicy {
    /** Record the new fire as a {@code SKIPPED} run. */
    SKIP,
    /** Keep the new fire pending and start it right after the running one ends. */
    QUEUE,
    /** Run both at once. */
    ALLOW;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
