package io.jobwarden.engine;

/** What happens to fires that were missed while the service was down (or further behind than the misfire threshold). */
public enum MisfirePolicy {
    /** Run one fire now for all that were missed. */
    FIRE_ONCE,
    /** Run none of the missed fires; wait for the next one. */
    SKIP,
    /** Run every missed fire, up to a bound, each marked as a catch-up in the history. */
    CATCH_UP;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
