package io.jobwarden.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a store is opened.
 *
 * @param tablePrefix   put before every table and index name, so the store can share a database with its embedder
 *                      (and tests can share one database without meeting); lower-case letters, digits and '_'
 * @param maxPoolSize   most connections a pool opened by {@link JobStores#open} holds; SQLite always uses one,
 *                      since the file has one writer
 * @param poolTimeout   how long a caller waits for a pooled connection before the operation fails
 * @param migrate       whether opening the store applies its Flyway migrations
 * @param clock         the clock for {@code updated_at} stamps, and the lease clock on SQLite, where this process is
 *                      the only one using the file
 * @param lease         the engine's lease ({@code cluster.lease}): every JDBC call is bounded well under it (connect,
 *                      socket and statement timeouts, unless the URL sets them), so that no call blocks a node past
 *                      the point where it must fence itself; see {@link JdbcTimeouts}
 */
public record StoreOptions(
        String tablePrefix, int maxPoolSize, Duration poolTimeout, boolean migrate, Clock clock, Duration lease) {
    public static final String DEFAULT_PREFIX = "jw_";
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

    public StoreOptions {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        Objects.requireNonNull(poolTimeout, "poolTimeout");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 1000) throw new IllegalArgumentException("store lease must be at least 1s");
        if (!PREFIX.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("store table prefix '" + tablePrefix
                    + "' must start with a lower-case letter and use only a-z, 0-9 and '_', at most 30 characters");
        }
        if (maxPoolSize < 1)
            throw new IllegalArgumentException("store pool size must be at least 1, was " + maxPoolSize);
        if (poolTimeout.toMillis() < 250)
            throw new IllegalArgumentException("store pool timeout must be at least 250ms");
    }

    public static StoreOptions defaults() {
        return new StoreOptions(
                DEFAULT_PREFIX, 10, Duration.ofSeconds(30), true, Clock.systemUTC(), Duration.ofSeconds(30));
    }

    public StoreOptions withTablePrefix(String prefix) {
        return new StoreOptions(prefix, maxPoolSize, poolTimeout, migrate, clock, lease);
    }

    public StoreOptions withMaxPoolSize(int size) {
        return new StoreOptions(tablePrefix, size, poolTimeout, migrate, clock, lease);
    }

    public StoreOptions withPoolTimeout(Duration timeout) {
        return new StoreOptions(tablePrefix, maxPoolSize, timeout, migrate, clock, lease);
    }

    public StoreOptions withMigrate(boolean on) {
        return new StoreOptions(tablePrefix, maxPoolSize, poolTimeout, on, clock, lease);
    }

    public StoreOptions withClock(Clock newClock) {
        return new StoreOptions(tablePrefix, maxPoolSize, poolTimeout, migrate, newClock, lease);
    }

    public StoreOptions withLease(Duration newLease) {
        return new StoreOptions(tablePrefix, maxPoolSize, poolTimeout, migrate, clock, newLease);
    }
}
