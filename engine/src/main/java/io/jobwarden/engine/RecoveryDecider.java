package io.jobwarden.engine;

import io.jobwarden.engine.spi.RetryDecider;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** What recovery does with an abandoned run: the job's retry policy, then, without a retry, its schedule. */
final class RecoveryDecider implements RetryDecider {
    private final ScheduleCache schedules;
    private final RandomGenerator jitter;

    RecoveryDecider(ScheduleCache schedules, RandomGenerator jitter) {
        this.schedules = schedules;
        this.jitter = jitter;
    }

    @Override
    public Instant retryAt(JobSpec spec, int endedAttempt, RunState state, Instant now) {
        return spec.retry().retryAt(endedAttempt, state, now, jitter).orElse(null);
    }

    @Override
    public Instant nextFireAfterAbandoned(JobSpec spec, Instant fireAt, Instant now) {
        return SchedulePlanner.nextFire(schedules.get(spec), fireAt, now).orElse(null);
    }
}
