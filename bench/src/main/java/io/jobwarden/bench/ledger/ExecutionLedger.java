package io.jobwarden.bench.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one process saw its scheduler execute, kept outside every store so that it can judge the store: how many
 * times each fire ran, when the first run started and the last ended, and how late each run started.
 *
 * <p>A fire is named by its job and scheduled instant, so a one-shot job has one fire and an every-second job one per
 * second. Thread-safe; the record call is a map update and two compare-and-sets, small next to any scheduler's work.
 */
public final class ExecutionLedger {
    private final ConcurrentHashMap<String, AtomicInteger> fires = new ConcurrentHashMap<>();
    private final AtomicLong firstStartMillis = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEndMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong executions = new AtomicLong();
    private final LatenessSamples lateness = new LatenessSamples();

    /**
     * Records one execution; call it first thing in the task, with the instant the scheduler says it was due.
     *
     * @return the run's lateness (start minus scheduled instant)
     */
    public Duration executed(String jobId, Instant scheduledAt) {
        Instant started = Instant.now();
        long startMillis = started.toEpochMilli();
        firstStartMillis.accumulateAndGet(startMillis, Math::min);
        Duration late = Duration.between(scheduledAt, started);
        fires.computeIfAbsent(fireKey(jobId, scheduledAt), k -> new AtomicInteger())
                .incrementAndGet();
        lateness.add(scheduledAt.toEpochMilli(), late.toNanos() / 1_000);
        executions.incrementAndGet();
        lastEndMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
        return late;
    }

    public static String fireKey(String jobId, Instant scheduledAt) {
        return jobId + "@" + scheduledAt.toEpochMilli();
    }

    public long executions() {
        return executions.get();
    }

    /** What was recorded so far, as plain values to write to a file or merge with other nodes'. */
    public LedgerSnapshot snapshot() {
        Map<String, Integer> counts = new java.util.HashMap<>(fires.size() * 2);
        fires.forEach((k, v) -> counts.put(k, v.get()));
        return new LedgerSnapshot(counts, firstStartMillis.get(), lastEndMillis.get(), lateness.toArray());
    }
}
