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
        return Health.of(s.running() && !late(s.lastPass()), details);
    }

    /**
     * For {@code /health/live}: DOWN when the loop has stopped passing while the store answers, i.e. the loop
     * itself is stuck or gone. A loop that cannot pass because the store fails is waiting, not hung: restarting the
     * process would not help, so it stays UP (readiness and {@code store} report the outage). Reads no store unless
     * the loop is late.
     */
    public Health liveness() {
        Instant last = engine.lastSchedulerPass();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastPass", last == null ? null : last.toString());
        details.put("hungAfterMs", hungAfter.toMillis());
        if (!late(last)) return Health.up(details);
        try {
            engine.store().ping();
        } catch (RuntimeException e) {
            details.put("note", "no pass while the store fails: " + HealthChecks.describe(e));
            return Health.up(details);
        }
        details.put("error", "the scheduler loop has not passed for more than " + hungAfter.toMillis() + " ms");
        return Health.down(details);
    }

    /** For {@code /health/ready}: UP when this node claims work under a valid lease. */
    public Health readiness() {
        EngineStatus s = engine.status();
        return Health.of(s.running() && s.claiming() && s.leaseValid() && !late(s.lastPass()), details(s));
    }

    /** No pass for longer than {@link #hungAfter}; before the first pass, counted from the node's start. */
    private boolean late(Instant lastPass) {
        Instant since = lastPass != null ? lastPass : engine.node().startedAt();
        return since != null
                && Duration.between(since, engine.clock().instant()).compareTo(hungAfter) > 0;
    }

    private Map<String, Object> details(EngineStatus s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("node", s.nodeId());
        d.put("running", s.running());
        d.put("claiming", s.claiming());
        d.put("leaseValid", s.leaseValid());
        d.put("runningRuns", s.runningRuns());
        d.put("queueDepth", s.queueDepth());
        d.put(
                "oldestOverdue",
                s.oldestOverdue() == null ? null : s.oldestOverdue().toString());
        d.put("lastPass", s.lastPass() == null ? null : s.lastPass().toString());
        d.put("unwrittenOutcomes", s.unwrittenOutcomes());
        d.put("hungAfterMs", hungAfter.toMillis());
        return d;
    }
}
