package io.jobwarden.server.http.metrics;

import io.jobwarden.engine.RunListener;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.RunRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns run events into meters: {@code jobwarden_runs_total{job,outcome}}, the
 * {@code jobwarden_run_duration_seconds{job}} histogram and the {@code jobwarden_fire_lateness_seconds} histogram.
 * Needs only a registry, so it exists before the engine: {@code Jobwarden.builder(store).listener(runMetrics)}.
 */
public final class RunMetrics implements RunListener {
    /** Bucket bounds for run durations: jobs take from milliseconds (an HTTP ping) to hours (a backup). */
    static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
        Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3)
    };
    /** Bucket bounds for lateness: healthy fires start within the poll interval; minutes late means trouble. */
    static final Duration[] LATENESS_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5)
    };

    private final MeterRegistry registry;
    private final Timer lateness;
    private final Counter leaseLost;
    private final Counter historyPruned;
    private final AtomicInteger stuck = new AtomicInteger();

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lateness = Timer.builder("jobwarden.fire.lateness")
                .description("How long after its scheduled instant a fire started")
                .serviceLevelObjectives(LATENESS_BUCKETS)
                .register(registry);
        this.leaseLost = Counter.builder("jobwarden.lease.lost")
                .description("Times this node found its lease expired and cancelled its runs")
                .register(registry);
        this.historyPruned = Counter.builder("jobwarden.history.pruned")
                .description("Rows of run history (runs and fires) deleted by retention (history: in jobwarden.yml)")
                .register(registry);
        Gauge.builder("jobwarden.runs.stuck", stuck, AtomicInteger::get)
                .description("Cancelled runs whose task has not returned within the cancel grace: still running,"
                        + " still holding their slot and fire")
                .register(registry);
    }

    @Override
    public void runStuck(ClaimedRun run, Duration sinceCancel) {
        stuck.incrementAndGet();
    }

    @Override
    public void stuckRunEnded(ClaimedRun run) {
        stuck.decrementAndGet();
    }

    @Override
    public void runStarted(ClaimedRun run, Instant startedAt) {
        Duration late = Duration.between(run.fireAt(), startedAt);
        lateness.record(late.isNegative() ? Duration.ZERO : late);
    }

    @Override
    public void runFinished(ClaimedRun run, RunState state, Duration took, Instant retryAt, String error) {
        runs(run.jobId(), state).increment();
        Timer.builder("jobwarden.run.duration")
                .description("How long runs took, by job")
                .tag("job", run.jobId())
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry)
                .record(took.isNegative() ? Duration.ZERO : took);
    }

    @Override
    public void runsAbandoned(List<RunRecord> runs) {
        for (RunRecord r : runs) runs(r.jobId(), RunState.ABANDONED).increment();
    }

    @Override
    public void leaseLost() {
        leaseLost.increment();
    }

    @Override
    public void historyPruned(long rows) {
        historyPruned.increment(rows);
    }

    private Counter runs(String job, RunState outcome) {
        return Counter.builder("jobwarden.runs")
                .description("Runs that ended, by job and outcome")
                .tag("job", job)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
