package io.jobwarden.server.http.metrics;

import io.jobwarden.engine.EngineStatus;
import io.jobwarden.engine.SchedulerClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's gauges: queue depth, running runs, oldest overdue fire, claiming, and supervisor restarts. They read
 * one status snapshot taken per scrape ({@link #refresh}), so a scrape costs one store round trip, not one per gauge.
 */
public final class EngineGauges implements AutoCloseable {
    public static final String RESTARTS_ENV = "JOBWARDEN_SUPERVISOR_RESTARTS";
    private static final Logger log = LoggerFactory.getLogger(EngineGauges.class);

    private final SchedulerClient engine;
    private final MeterRegistry registry;
    private final AtomicReference<EngineStatus> snapshot = new AtomicReference<>();
    private final List<Meter> meters = new ArrayList<>();

    /** @param env the process environment; the supervisor passes the restart count in {@value #RESTARTS_ENV} */
    public EngineGauges(SchedulerClient engine, MeterRegistry registry, Map<String, String> env) {
        this.engine = engine;
        this.registry = registry;
        double restarts = restarts(env.get(RESTARTS_ENV));
        gauge("jobwarden.queue.depth", "Fires due and not yet claimed, on all nodes", s -> s.queueDepth());
        gauge("jobwarden.running.runs", "Runs in progress on this node", s -> s.runningRuns());
        gauge(
                "jobwarden.scheduler.claiming",
                "1 while this node claims new fires, 0 when paused or draining",
                s -> s.claiming() ? 1 : 0);
        gauge(
                "jobwarden.oldest.overdue.seconds",
                "Age of the oldest due fire not yet claimed",
                s -> s.oldestOverdue() == null
                        ? 0
                        : Math.max(
                                0,
                                Duration.between(
                                                        s.oldestOverdue(),
                                                        engine.clock().instant())
                                                .toMillis()
                                        / 1000.0));
        meters.add(Gauge.builder("jobwarden.supervisor.restarts", () -> restarts)
                .description("Times the supervisor restarted this worker")
                .register(registry));
    }

    /** Takes the snapshot the gauges show; a failing store keeps the previous values (health reports the failure). */
    public void refresh() {
        try {
            snapshot.set(engine.status());
        } catch (RuntimeException e) {
            log.debug("engine status unavailable for metrics: {}", e.toString());
        }
    }

    private void gauge(String name, String description, ToDoubleFunction<EngineStatus> value) {
        meters.add(Gauge.builder(name, snapshot, ref -> ref.get() == null ? Double.NaN : value.applyAsDouble(ref.get()))
                .description(description)
                .register(registry));
    }

    static double restarts(String raw) {
        if (raw == null) return 0;
        try {
            return Math.max(0, Long.parseLong(raw.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Removes the gauges, so a server started again on the same registry binds its own engine. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
