package io.jobwarden.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often a failed fire is tried again: {@code max} retries after the first attempt, waiting
 * {@code backoff} doubled per retry, capped at {@code maxBackoff}. The wait is jittered (between half and
 * all of it) so that many fires failing together do not all retry in the same instant.
 */
public record RetryPolicy(int max, Duration backoff, Duration maxBackoff) {
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofSeconds(30), Duration.ofMinutes(10));

    public RetryPolicy {
        if (max < 0) throw new IllegalArgumentException("max must not be negative");
        if (backoff.isNegative() || maxBackoff.isNegative())
            throw new IllegalArgumentException("backoff must not be negative");
    }

    /**
     * When the next attempt of a fire may start, given the attempt that just ended with {@code state};
     * empty when the policy allows no further attempt.
     */
    public Optional<Instant> retryAt(int endedAttempt, RunState state, Instant now, RandomGenerator random) {
        if (!state.isRetryable() || endedAttempt > max) return Optional.empty();
        return Optional.of(now.plus(delayBefore(endedAttempt + 1, random)));
    }

    /** The jittered wait before {@code attempt} (2 for the first retry). */
    Duration delayBefore(int attempt, RandomGenerator random) {
        long cap = Math.max(backoff.toMillis(), maxBackoff.toMillis());
        long full = backoff.toMillis();
        for (int i = 2; i < attempt && full < cap; i++) {
            full *= 2;
        }
        full = Math.min(full, cap);
        long half = full / 2;
        return Duration.ofMillis(half + (full - half == 0 ? 0 : random.nextLong(full - half + 1)));
    }
}
