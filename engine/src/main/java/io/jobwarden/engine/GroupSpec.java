package io.jobwarden.engine;

/**
 * A concurrency group: at most {@code maxConcurrent} of its runs at once on one node; when slots are scarce,
 * fires of higher {@code priority} start first.
 */
public record GroupSpec(String name, int maxConcurrent, int priority) {
    public static final String DEFAULT = "default";
    public static final int DEFAULT_PRIORITY = 5;

    public GroupSpec {
        if (maxConcurrent < 1) throw new IllegalArgumentException("max-concurrent must be at least 1");
    }
}
