package io.jobwarden.engine.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@code @delay D}: the next fire comes D after the previous run ends, so the engine plans it from the run's end. */
final class FixedDelaySchedule implements Schedule {
    private final String expression;
    private final Duration delay;

    FixedDelaySchedule(String expression, Duration delay) {
        this.expression = expression;
        this.delay = delay;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        try {
            return Optional.of(after.plus(delay));
        } catch (DateTimeException | ArithmeticException beyondInstantRange) {
            return Optional.empty();
        }
    }

    @Override
    public boolean plansFromRunEnd() {
        return true;
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public String describe() {
        return DurationPhrase.of(delay) + " after each run ends";
    }

    @Override
    public String toString() {
        return expression;
    }
}
