package io.jobwarden.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code @every D}: fires at every multiple of D since 1970-01-01T00:00Z, so every node computes the same instants
 * whenever it starts, and a fire's instant identifies it.
 */
final class FixedRateSchedule implements Schedule {
    private final String expression;
    private final long periodMillis;
    private final Duration period;

    FixedRateSchedule(String expression, Duration period) {
        this.expression = expression;
        this.period = period;
        this.periodMillis = period.toMillis();
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        try {
            long millis = after.toEpochMilli();
            long next = Math.multiplyExact(Math.floorDiv(millis, periodMillis) + 1, periodMillis);
            return Optional.of(Instant.ofEpochMilli(next));
        } catch (ArithmeticException beyondMillisRange) {
            return Optional.empty();
        }
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public String describe() {
        String words = DurationPhrase.of(period);
        return "every " + (words.startsWith("1 ") ? words.substring(2) : words) + " (fixed rate)";
    }

    @Override
    public String toString() {
        return expression;
    }
}
