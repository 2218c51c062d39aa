package io.jobwarden.server.http.health;

import io.jobwarden.engine.EngineStatus;
import io.jobwarden.engine.Jobwarden;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scheduler}: whether this node's fire loop is alive and taking work. The loop passes at least once per
 * poll interval; one that has not passed for {@link #hungAfter} is hung.
 */
public final class SchedulerHealth implements HealthContributor {
    private final Jobwarden engine;
    private final Duration hungAfter;

    public SchedulerHealth(Jobwarden engine) {
        this.engine = engine;
        Duration lease = engine.settings().lease().multipliedBy(2);
        Duration polls = engine.settings().pollInterval().multipliedBy(10);
        this.hungAfter = lease.compareTo(polls) >= 0 ? lease : polls;
    }

    @Override
    public String name() {
        return "scheduler";
    }

    /** UP while the engine runs and its loop passes; a paused node (not claiming) is still UP here. */
    @Override
    public Health check() {
        EngineStatus s = engine.status();
        Map<String, Object> details = details(s);
        return Health.of(s.running() && !hung(s), details);
    }

    /** For {@code /health/live}: DOWN only when the loop is hung or stopped; a failing store is not a reason to restart. */
    public Health liveness() {
        EngineStatus s;
        try {
            s = engine.status();
        } catch (RuntimeException e) {
            return Health.up(Map.of("note", "status unavailable: " + HealthChecks.describe(e)));
        }
        return Health.of(s.running() && !hung(s), details(s));
    }

    /** For {@code /health/ready}: UP when this node claims work under a valid lease. */
    public Health readiness() {
        EngineStatus s = engine.status();
        return Health.of(s.running() && s.claiming() && s.leaseValid() && !hung(s), details(s));
    }

    private boolean hung(EngineStatus s) {
        Instant now = engine.clock().instant();
        Instant since = s.lastPass() != null ? s.lastPass() : engine.node().startedAt();
        return since != null && Duration.between(since, now).compareTo(hungAfter) > 0;
    }

    private Map<String, Object> details(EngineStatus s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("node", s.nodeId());
        d.put("running", s.running());
        d.put("claiming", s.claiming());
        d.put("leaseValid", s.leaseValid());
        d.put("runningRuns", s.runningRuns());
        d.put("queueDepth", s.queueDepth());
        d.put("oldestOverdue", s.oldestOverdue() == null ? null : s.oldestOverdue().toString());
        d.put("lastPass", s.lastPass() == null ? null : s.lastPass().toString());
        d.put("unwrittenOutcomes", s.unwrittenOutcomes());
        d.put("hungAfterMs", hungAfter.toMillis());
        return d;
    }
}
