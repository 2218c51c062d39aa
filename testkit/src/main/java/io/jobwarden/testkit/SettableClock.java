package io.jobwarden.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until the test sets or advances it, so schedules, deadlines and backoffs are exercised
 * without sleeping. Safe to read from other threads (the engine's) while the test moves it.
 */
public final class SettableClock extends Clock {
    private volatile Instant now;

    public SettableClock(Instant start) {
        this.now = start;
    }

    public void set(Instant instant) {
        now = instant;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: the instant is what a test moves, and an instant has no zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
