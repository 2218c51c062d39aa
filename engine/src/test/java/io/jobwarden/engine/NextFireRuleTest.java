package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.schedule.Schedule;
import io.jobwarden.engine.schedule.Schedules;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link SchedulePlanner#nextFire}: when a job's next fire is planned, and from what. */
class NextFireRuleTest {
    private static final Instant FIRED = Instant.parse("2026-01-01T00:00:10Z");
    private static final Instant RUN_ENDED = Instant.parse("2026-01-01T00:00:17Z");

    @Test
    void aFixedDelayJobPlansNothingAtFireTimeAndTheDelayAfterTheRunEnds() {
        Schedule delay = Schedules.parse("@delay 10s", ZoneOffset.UTC);
        assertThat(SchedulePlanner.nextFire(delay, FIRED, null)).isEmpty();
        assertThat(SchedulePlanner.nextFire(delay, FIRED, RUN_ENDED)).contains(Instant.parse("2026-01-01T00:00:27Z"));
    }

    @Test
    void otherSchedulesPlanFromTheFireAndNothingWhenTheRunEnds() {
        Schedule every = Schedules.parse("@every 10s", ZoneOffset.UTC);
        assertThat(SchedulePlanner.nextFire(every, FIRED, null)).contains(Instant.parse("2026-01-01T00:00:20Z"));
        assertThat(SchedulePlanner.nextFire(every, FIRED, RUN_ENDED)).isEmpty();
    }
}
