package io.jobwarden.engine;

import io.jobwarden.engine.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes history the retention no longer keeps, on a thread of its own: pruning a large backlog takes many
 * transactions, and the scheduling thread must never wait for it. Every node prunes; the deletes are idempotent.
 */
final class HistoryPruner {
    private static final Logger log = LoggerFactory.getLogger(HistoryPruner.class);

    private final JobStore store;
    private final HistoryRetention retention;
    private final Duration interval;
    private final Clock clock;
    private final RunListener listener;
    private ScheduledExecutorService thread;

    HistoryPruner(JobStore store, HistoryRetention retention, Duration interval, Clock clock, RunListener listener) {
        this.store = store;
        this.retention = retention;
        this.interval = interval;
        this.clock = clock;
        this.listener = listener;
    }

    synchronized void start() {
        if (thread != null) return;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jobwarden-history-pruner");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        thread.scheduleWithFixedDelay(this::pruneQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (thread == null) return;
        thread.shutdownNow();
        thread = null;
    }

    /** One pass over the whole history; returns how many rows were deleted. */
    long prune() {
        long deleted = store.pruneHistory(retention, clock.instant());
        if (deleted > 0) {
            log.debug("history pruned: {} rows", deleted);
            listener.historyPruned(deleted);
        }
        return deleted;
    }

    private void pruneQuietly() {
        try {
            prune();
        } catch (RuntimeException e) {
            // A store that is down now is retried at the next interval; history waits, scheduling does not.
            log.warn("history pruning failed, trying again in {}: {}", Durations.format(interval), e.getMessage());
        }
    }
}
