package io.jobwarden.server;

import io.jobwarden.redis.RedisFireGuard;
import io.jobwarden.server.http.health.Health;
import io.jobwarden.server.http.health.HealthContributor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code redis} component of {@code /health} in {@code cluster.lock: redis}: DOWN means this node claims nothing. */
final class RedisHealthContributor implements HealthContributor {
    private final RedisFireGuard guard;

    private RedisHealthContributor(RedisFireGuard guard) {
        this.guard = guard;
    }

    static HealthContributor of(RedisFireGuard guard) {
        return new RedisHealthContributor(guard);
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Health check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("redis", guard.health().describe());
        Duration latency = guard.health().ping();
        details.put("latencyMs", latency.toMillis());
        return Health.up(details);
    }
}
