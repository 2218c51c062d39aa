package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.schedule.Schedule;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleCacheTest {
    private final ScheduleCache cache = new ScheduleCache();

    @Test
    void keepsARecurringScheduleUntilItsExpressionChanges() {
        Schedule first = cache.get(JobSpec.of("report", "@every 5m", "noop", Map.of()));

        assertThat(cache.get(JobSpec.of("report", "@every 5m", "noop", Map.of())))
                .isSameAs(first);
        Schedule changed = cache.get(JobSpec.of("report", "@every 10m", "noop", Map.of()));
        assertThat(changed).isNotSameAs(first);
        assertThat(changed.expression()).isEqualTo("@every 10m");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void keepsNoOneShotSchedule() {
        for (int i = 0; i < 100; i++) {
            Schedule once = cache.get(JobSpec.of("once-" + i, "@at 2026-12-01T02:00:00+08:00", "noop", Map.of()));
            assertThat(once.onlyFire()).contains(Instant.parse("2026-11-30T18:00:00Z"));
        }

        assertThat(cache.size()).isZero();
    }
}
