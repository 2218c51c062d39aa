package io.jobwarden.engine.schedule;

import java.time.Instant;
import java.util.Optional;

/** {@code @at 2026-12-01T02:00:00+08:00}: fires once. */
final class OneShotSchedule implements Schedule {
    private final String expression;
    private final String writtenInstant;
    private final Instant at;

    OneShotSchedule(String expression, String writtenInstant, Instant at) {
        this.expression = expression;
        this.writtenInstant = writtenInstant;
        this.at = at;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        return at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }

    @Override
    public Optional<Instant> onlyFire() {
        return Optional.of(at);
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public String describe() {
        return "once, at " + writtenInstant;
    }

    @Override
    public String toString() {
        return expression;
    }
}
