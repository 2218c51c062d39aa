package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void retriesOnlyRetryableOutcomesAndOnlyUpToMax() {
        RetryPolicy policy = new RetryPolicy(2, Duration.ofSeconds(30), Duration.ofMinutes(10));
        SplittableRandom random = new SplittableRandom(1);
        assertThat(policy.retryAt(1, RunState.FAILED, NOW, random)).isPresent();
        assertThat(policy.retryAt(2, RunState.TIMED_OUT, NOW, random)).isPresent();
        assertThat(policy.retryAt(3, RunState.FAILED, NOW, random)).isEmpty();
        assertThat(policy.retryAt(1, RunState.SUCCEEDED, NOW, random)).isEmpty();
        assertThat(policy.retryAt(1, RunState.SKIPPED, NOW, random)).isEmpty();
        assertThat(policy.retryAt(1, RunState.ABANDONED, NOW, random)).isPresent();
        assertThat(policy.retryAt(1, RunState.CANCELLED, NOW, random)).isPresent();
        assertThat(RetryPolicy.NONE.retryAt(1, RunState.FAILED, NOW, random)).isEmpty();
    }

    @Test
    void backoffDoublesPerAttemptWithJitterBetweenHalfAndAll() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofMinutes(10));
        SplittableRandom random = new SplittableRandom(7);
        long[] full = {30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000};
        for (int i = 0; i < full.length; i++) {
            long delay = policy.delayBefore(i + 2, random).toMillis();
            assertThat(delay).as("attempt %d", i + 2).isBetween(full[i] / 2, full[i]);
        }
    }

    @Property(tries = 2000)
    void delayNeverExceedsTheCapNorGoesNegative(
            @ForAll @IntRange(min = 2, max = 10_000) int attempt,
            @ForAll @LongRange(min = 0, max = 86_400_000) long backoffMs,
            @ForAll @LongRange(min = 0, max = 86_400_000) long capMs,
            @ForAll long seed) {
        RetryPolicy policy = new RetryPolicy(attempt, Duration.ofMillis(backoffMs), Duration.ofMillis(capMs));
        long delay = policy.delayBefore(attempt, new SplittableRandom(seed)).toMillis();
        assertThat(delay).isBetween(0L, Math.max(backoffMs, capMs));
    }
}
