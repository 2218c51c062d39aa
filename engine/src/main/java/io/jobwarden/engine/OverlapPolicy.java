package io.jobwarden.engine;

import java.time.Instant;
import java.util.Locale;

/**
 * What happens to a fire of a job while a run of that job is in progress, on any node. The rule in full, decided
 * by {@link #decide}:
 *
 * <ul>
 *   <li>{@code skip}: a fire that came due while the run was already running is recorded as a {@code SKIPPED} run and
 *       is done.
 *   <li>{@code queue}: such a fire stays pending and starts once no run of the job is in progress.
 *   <li>{@code allow}: every fire starts at once, beside the runs in progress.
 *   <li>A fire that was due before the running run started (a retry, a catch-up fire after downtime, a burst planned
 *       after an outage) is not an overlap: the engine was behind, not overlapping. Under {@code skip} it is therefore
 *       never skipped but waits its turn, as under {@code queue}; under {@code allow} it starts like any other.
 * </ul>
 *
 * <p>Under {@code queue} at most {@code max-queued} (default {@value #DEFAULT_MAX_QUEUED}) ordinary fires of a job
 * wait; when planning adds more, the oldest beyond the bound are finished as {@code SKIPPED} runs noted
 * {@code queue full: max-queued N} ({@link #queueOverflow}). Retries, manual triggers and the fires of a catch-up
 * or misfire are neither counted nor dropped: they were asked for explicitly. The stores apply this rule where they claim fires, in SQL as well as
 * here, because the runs in progress on other nodes are only visible there.
 */
public enum OverlapPolicy {
    SKIP,
    QUEUE,
    ALLOW;

    /** What to do with one pending fire now. */
    public enum Verdict {
        START,
        WAIT,
        SKIP
    }

    /**
     * @param fireAt       the fire's scheduled instant (not its retry due time)
     * @param runningSince when the earliest run of the job still in progress started, or null when none is
     */
    public Verdict decide(Instant fireAt, Instant runningSince) {
        if (runningSince == null || this == ALLOW) return Verdict.START;
        boolean cameDueWhileRunning = !fireAt.isBefore(runningSince);
        return this == SKIP && cameDueWhileRunning ? Verdict.SKIP : Verdict.WAIT;
    }

    public static final int DEFAULT_MAX_QUEUED = 100;

    /**
     * How many of the oldest waiting ordinary fires to skip, given how many wait and the job's bound; 0 unless
     * this policy is {@code queue}.
     */
    public int queueOverflow(int waiting, int maxQueued) {
        return this == QUEUE ? Math.max(0, waiting - maxQueued) : 0;
    }

    /** The note of a run skipped by {@link #queueOverflow}. */
    public static String queueFullNote(int maxQueued) {
        return "queue full: max-queued " + maxQueued;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
