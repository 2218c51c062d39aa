package io.jobwarden.engine;

import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to several listeners; one that throws is logged and the others still hear the event. */
final class RunListeners implements RunListener {
    private static final Logger log = LoggerFactory.getLogger(RunListeners.class);
    private final List<RunListener> listeners;

    private RunListeners(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    static RunListener all(List<RunListener> listeners) {
        return new RunListeners(listeners);
    }

    private void each(Consumer<RunListener> event) {
        for (RunListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("run listener {} failed", l.getClass().getName(), e);
            }
        }
    }

    @Override
    public void runStarted(ClaimedRun run, Instant startedAt) {
        each(l -> l.runStarted(run, startedAt));
    }

    @Override
    public void runFinished(ClaimedRun run, RunState state, Duration took, Instant retryAt, String error) {
        each(l -> l.runFinished(run, state, took, retryAt, error));
    }

    @Override
    public void runsAbandoned(List<RunRecord> runs) {
        each(l -> l.runsAbandoned(runs));
    }

    @Override
    public void leaseLost() {
        each(RunListener::leaseLost);
    }

    @Override
    public void runStuck(ClaimedRun run, Duration sinceCancel) {
        each(l -> l.runStuck(run, sinceCancel));
    }

    @Override
    public void stuckRunEnded(ClaimedRun run) {
        each(l -> l.stuckRunEnded(run));
    }

    @Override
    public void historyPruned(long rows) {
        each(l -> l.historyPruned(rows));
    }
}
