package io.jobwarden.engine.run;

import io.jobwarden.engine.JobSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The engine's {@link RunContext} for one run in progress. Thread-safe: cancel comes from another thread. */
public final class ActiveRun implements RunContext {
    private final JobSpec spec;
    private final Instant fireTime;
    private final long runId;
    private final int attempt;
    private final OutputTail output = new OutputTail();
    /** Made on first use: most runs never print through it, and it costs buffers the scheduler thread would pay. */
    private PrintStream out;

    private final List<Runnable> cancelActions = new ArrayList<>();
    private CancelReason cancelReason;
    private volatile Map<String, Object> settings;
    private volatile Set<String> substitutedValues = Set.of();
    private final java.util.function.BooleanSupplier leaseLapsed;

    public ActiveRun(JobSpec spec, Instant fireTime, long runId, int attempt) {
        this(spec, fireTime, runId, attempt, () -> false);
    }

    /** @param leaseLapsed true once the node's lease can no longer be trusted: the run then reads as cancelled */
    public ActiveRun(
            JobSpec spec, Instant fireTime, long runId, int attempt, java.util.function.BooleanSupplier leaseLapsed) {
        this.spec = spec;
        this.fireTime = fireTime;
        this.runId = runId;
        this.attempt = attempt;
        this.leaseLapsed = leaseLapsed;
    }

    /** Asked at the moment, not only when the watchdog has got round to cancelling: see LeaseWatchdog.lapsed. */
    @Override
    public boolean isCancelled() {
        return cancelReason() != null || leaseLapsed.getAsBoolean();
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    @Override
    public String jobId() {
        return spec.id();
    }

    @Override
    public Instant fireTime() {
        return fireTime;
    }

    @Override
    public long runId() {
        return runId;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    /** The settings the run uses: its spec's, with {@code ${env:NAME}} substituted when the run started. */
    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = settings;
        return s != null ? s : spec.settings();
    }

    /** Called once as the run starts, before the runner sees the context. */
    public void substituted(EnvSubstitution.Substituted result) {
        this.settings = result.settings();
        this.substitutedValues = Set.copyOf(result.values());
    }

    /** The values substituted into this run's settings: secrets its output must not show. */
    public Set<String> substitutedValues() {
        return substitutedValues;
    }

    @Override
    public Duration timeout() {
        return spec.timeout();
    }

    @Override
    public OutputTail output() {
        return output;
    }

    @Override
    public synchronized PrintStream out() {
        if (out == null) out = output.printStream();
        return out;
    }

    @Override
    public void onCancel(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = cancelReason != null;
            if (!runNow) cancelActions.add(action);
        }
        if (runNow) action.run();
    }

    @Override
    public synchronized CancelReason cancelReason() {
        return cancelReason;
    }

    @Override
    public void cancel(CancelReason reason) {
        List<Runnable> actions;
        synchronized (this) {
            if (cancelReason != null) return;
            cancelReason = reason;
            actions = List.copyOf(cancelActions);
            cancelActions.clear();
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // One failing action must not stop the others: the process tree still has to die.
                out().println("[jobwarden] cancel action failed: " + e);
            }
        }
    }
}
