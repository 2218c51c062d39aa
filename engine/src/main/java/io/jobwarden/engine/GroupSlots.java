package io.jobwarden.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Per concurrency group: the worker threads its runs hold, and a short line of claimed runs waiting for one.
 *
 * <p>Why a line: a claim is a store transaction, and with threads as the only bound a node running short tasks spends
 * more time claiming than running, one small claim after every round of runs. So a group may claim as many more runs
 * as its threads are expected to start within the claim horizon, judged from how long its recent runs took: the
 * claim of one round trip then feeds several rounds of short runs, and a thread that frees takes the next run in line
 * at once, while the loop claims the next batch. A group of long runs (its runs take longer than the horizon) gets no
 * line and claims no more than it can start, so no fire sits claimed and unstarted for long, where another node could
 * have run it, and a fire of higher priority coming due later waits at most about one horizon behind the line.
 *
 * @param <R> a run waiting in line
 */
final class GroupSlots<R> {
    /**
     * The longest line, in rounds of the group's threads, however short its runs; the claim horizon bounds it first
     * for any run longer than two milliseconds (the default 200 ms horizon over 100 rounds). Long enough that a
     * thousand fires due at one instant are all claimed ahead of it (a claim takes at most the claim batch, so each
     * transaction stays small): with 25 rounds the last 750 were claimed after the instant, one synced commit at a
     * time, and the median fire of such a second started 29 ms late instead of 8 (bench/RESULTS.md, round five).
     */
    static final int MAX_ROUNDS = 100;
    /** Weight of the newest run in the mean duration: a handful of runs moves it, one outlier does not. */
    private static final double NEW_RUN_WEIGHT = 1.0 / 8;

    private static final class Group<R> {
        final int threads;
        int busy;
        final ArrayDeque<R> line = new ArrayDeque<>();
        /** Mean task duration in nanoseconds; negative until a run has ended. */
        double meanNanos = -1;

        Group(int threads) {
            this.threads = threads;
        }
    }

    private final Map<String, Group<R>> groups = new HashMap<>();
    private final long horizonNanos;
    private final Clock clock;
    private final Function<R, Instant> startAt;

    /**
     * @param horizon how far ahead runs may be claimed; zero gives no group a line
     * @param clock   what decides whether a run in line has reached its instant
     * @param startAt a waiting run's instant: claimed ahead, it is not due before
     */
    GroupSlots(Map<String, GroupSpec> specs, Duration horizon, Clock clock, Function<R, Instant> startAt) {
        specs.forEach((name, spec) -> groups.put(name, new Group<>(spec.maxConcurrent())));
        this.horizonNanos = horizon.toNanos();
        this.clock = clock;
        this.startAt = startAt;
    }

    /**
     * Takes a thread of {@code group} for {@code run}, or puts the run at the end of its group's line when every
     * thread is taken. A group that is not known here has no limit.
     *
     * @return true when the caller is to start the run now, on the thread it took
     */
    synchronized boolean takeOrWait(String group, R run) {
        Group<R> g = groups.get(group);
        if (g == null) return true;
        if (g.busy < g.threads) {
            g.busy++;
            return true;
        }
        g.line.addLast(run);
        return false;
    }

    /**
     * A thread of {@code group} is done with its run: it takes the next run in line, or is given back.
     *
     * @return the run the thread is to start next, or null when it was given back
     */
    synchronized R next(String group) {
        Group<R> g = groups.get(group);
        if (g == null) return null;
        R next = g.line.pollFirst();
        if (next == null) g.busy--;
        return next;
    }

    /** Takes {@code run} out of its group's line; false when it was not waiting (it has started, or is starting). */
    synchronized boolean withdraw(String group, R run) {
        Group<R> g = groups.get(group);
        return g != null && g.line.remove(run);
    }

    /**
     * Per group, how many more runs a claim may take now: its free threads and the free places in its line. A line
     * more than half full of due runs is left to drain first, so that claims come in batches of half a line or more,
     * not one small claim for every run that ends; its threads are busy meanwhile. Runs that wait in line for an
     * instant still ahead do not count: they cannot drain before it, and a line held back for them kept a second's
     * last fires from being claimed ahead of it (at a thousand fires due at once, 200 to 450 of them were claimed after
     * their instant and started 30 to 120 ms late; bench/RESULTS.md, round seventeen).
     */
    synchronized Map<String, Integer> free() {
        Map<String, Integer> free = new HashMap<>();
        Instant now = null;
        for (Map.Entry<String, Group<R>> e : groups.entrySet()) {
            Group<R> g = e.getValue();
            int line = lineCapacity(g);
            int due = g.line.size();
            if (due > line / 2) {
                if (now == null) now = clock.instant();
                for (R run : g.line) if (startAt.apply(run).isAfter(now)) due--;
            }
            free.put(e.getKey(), due > line / 2 ? 0 : Math.max(0, g.threads + line - g.busy - g.line.size()));
        }
        return free;
    }

    /** How many runs wait in line, over all groups. */
    synchronized int waiting() {
        int n = 0;
        for (Group<R> g : groups.values()) n += g.line.size();
        return n;
    }

    /** Counts a run of {@code group} that took {@code nanos} in the group's mean duration. */
    synchronized void ran(String group, long nanos) {
        Group<R> g = groups.get(group);
        if (g == null) return;
        g.meanNanos = g.meanNanos < 0 ? nanos : g.meanNanos + (nanos - g.meanNanos) * NEW_RUN_WEIGHT;
    }

    /** As many runs as the group's threads are expected to start within the horizon, at most {@link #MAX_ROUNDS}. */
    private int lineCapacity(Group<R> g) {
        if (horizonNanos <= 0 || g.meanNanos < 0) return 0;
        double rounds = Math.min(MAX_ROUNDS, horizonNanos / Math.max(1.0, g.meanNanos));
        return (int) (g.threads * rounds);
    }
}
