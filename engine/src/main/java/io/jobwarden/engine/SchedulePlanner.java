package io.jobwarden.engine;

import io.jobwarden.engine.schedule.Schedule;
import io.jobwarden.engine.spi.FirePlan;
import io.jobwarden.engine.spi.FirePlanner;
import io.jobwarden.engine.spi.PlannedFire;
import io.jobwarden.engine.spi.StoredJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Decides which fires a due job gets: its next fire when on time, or what its misfire policy says when the fire is
 * further behind than the misfire threshold (the service was down, or far behind).
 */
final class SchedulePlanner implements FirePlanner {
    /** Counting missed fires of a tight schedule over a long outage must stay cheap; past this we stop counting. */
    private static final int MAX_COUNTED_MISSES = 100_000;

    private final ScheduleCache schedules;
    private final Duration misfireThreshold;
    private final int catchUpLimit;

    SchedulePlanner(ScheduleCache schedules, Duration misfireThreshold, int catchUpLimit) {
        this.schedules = schedules;
        this.misfireThreshold = misfireThreshold;
        this.catchUpLimit = catchUpLimit;
    }

    @Override
    public FirePlan plan(StoredJob job, Instant now) {
        Schedule schedule = schedules.get(job.spec());
        Instant due = job.nextFireAt();
        boolean onTime = !due.plus(misfireThreshold).isBefore(now);
        if (onTime) {
            return new FirePlan(
                    List.of(new PlannedFire(due, null)),
                    nextFire(schedule, due, null).orElse(null));
        }
        if (schedule.plansFromRunEnd()) {
            // A fixed-delay job has one fire outstanding at most: run it now whatever the policy, then keep the delay.
            return new FirePlan(List.of(new PlannedFire(due, "late: planned after an outage")), null);
        }
        Instant next = schedule.nextAfter(now).orElse(null);
        return switch (job.spec().misfire()) {
            case SKIP -> schedule.onlyFire().isPresent() ? skipOnlyFire(due, now) : new FirePlan(List.of(), next);
            case FIRE_ONCE -> fireOnce(schedule, due, now, next);
            case CATCH_UP -> catchUp(schedule, due, now, next);
        };
    }

    /** A one-shot job that will never run says so in its history, rather than just never showing up. */
    private FirePlan skipOnlyFire(Instant due, Instant now) {
        String note = "misfire: skip: the @at instant " + due + " was " + Durations.format(Duration.between(due, now))
                + " in the past when it was planned (misfire threshold " + Durations.format(misfireThreshold) + ")";
        return new FirePlan(List.of(new PlannedFire(due, note, true)), null);
    }

    private FirePlan fireOnce(Schedule schedule, Instant firstMissed, Instant now, Instant next) {
        Instant latest = firstMissed;
        int missed = 1;
        for (Optional<Instant> t = schedule.nextAfter(firstMissed);
                t.isPresent() && !t.get().isAfter(now) && missed < MAX_COUNTED_MISSES;
                t = schedule.nextAfter(t.get())) {
            latest = t.get();
            missed++;
        }
        String note =
                missed == 1 ? "misfire: fire-once" : "misfire: fire-once for " + countText(missed) + " missed fires";
        return new FirePlan(List.of(new PlannedFire(latest, note)), next);
    }

    private FirePlan catchUp(Schedule schedule, Instant firstMissed, Instant now, Instant next) {
        Deque<Instant> kept = new ArrayDeque<>();
        int missed = 0;
        for (Optional<Instant> t = Optional.of(firstMissed);
                t.isPresent() && !t.get().isAfter(now) && missed < MAX_COUNTED_MISSES;
                t = schedule.nextAfter(t.get())) {
            kept.addLast(t.get());
            if (kept.size() > catchUpLimit) kept.removeFirst();
            missed++;
        }
        List<PlannedFire> fires = new ArrayList<>(kept.size());
        String note = kept.size() == missed
                ? "catch-up"
                : "catch-up: last " + kept.size() + " of " + countText(missed) + " missed fires (limit " + catchUpLimit
                        + ")";
        for (Instant t : kept) fires.add(new PlannedFire(t, note));
        return new FirePlan(fires, next);
    }

    /**
     * The one statement of when a job's next fire is planned and from what. Most schedules plan it from the fire,
     * as soon as that fire is planned; a fixed-delay schedule ({@link Schedule#plansFromRunEnd()}) plans it from the
     * end of the fire's run, D after it, because until the run ends nobody knows when that is.
     *
     * @param runEnded when the fire's run ended, or null at planning time, before it has
     * @return the next fire that becomes known at this moment; empty when this moment plans none (a fixed-delay fire
     *     being planned, a run of any other schedule ending) or when the schedule has no further fire
     */
    static Optional<Instant> nextFire(Schedule schedule, Instant fired, Instant runEnded) {
        if (schedule.plansFromRunEnd()) return runEnded == null ? Optional.empty() : schedule.nextAfter(runEnded);
        return runEnded == null ? schedule.nextAfter(fired) : Optional.empty();
    }

    private static String countText(int missed) {
        return missed >= MAX_COUNTED_MISSES ? "over " + MAX_COUNTED_MISSES : Integer.toString(missed);
    }
}
