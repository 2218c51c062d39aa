package io.jobwarden.server.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Running several nodes against one shared database. A node silent for longer than {@code lease} is dead; each
 * node looks for due fires every {@code pollInterval}. {@code redisUrl} is present when {@code lock} is redis.
 */
public record ClusterSection(
        boolean enabled, ClusterLock lock, Optional<String> redisUrl, Duration lease, Duration pollInterval) {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    @Override
    public String toString() {
        return "ClusterSection[enabled=" + enabled + ", lock=" + lock.configName() + ", redis="
                + redisUrl.map(Redaction::redact) + ", lease=" + lease + ", pollInterval=" + pollInterval + "]";
    }
}
