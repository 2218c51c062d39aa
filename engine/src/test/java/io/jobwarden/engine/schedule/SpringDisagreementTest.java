package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.scheduling.support.CronExpression;

/** Each place docs/cron.md says the spring dialect decides otherwise than Spring's CronExpression, side by side. */
class SpringDisagreementTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0 0 22-2 * * ?", // a wrapping range
                "0 0 6 ? NOV-FEB *",
                "0 0 6 ? * FRI-MON",
                "0 0 6 L-3W * ?", // L-nW
                "0 0 6 L-0 * ?", // L-0, the last day
                "0 0 6 ? * L", // a lone L: Saturday
                "0 0 6 l * ?", // L and W in lower case
                "0 0 6 15w * ?"
            })
    void weAcceptWhatSpringRefuses(String expression) {
        assertThatThrownBy(() -> CronExpression.parse(expression)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Schedules.parse(expression, ZoneOffset.UTC, CronDialect.SPRING))
                .isNotNull();
    }

    @Test
    void sundayEndsARangeByNameAsInSpring() {
        CronExpression spring = CronExpression.parse("0 0 6 ? * 0-SUN");
        Schedule ours = Schedules.parse("0 0 6 ? * 0-SUN", ZoneOffset.UTC, CronDialect.SPRING);
        ZonedDateTime saturday = ZonedDateTime.parse("2026-01-03T12:00:00Z");
        assertThat(ours.nextAfter(saturday.toInstant()))
                .contains(spring.next(saturday).toInstant())
                .contains(Instant.parse("2026-01-04T06:00:00Z"));
        assertThat(ours.nextAfter(Instant.parse("2026-01-04T06:00:00Z")))
                .contains(Instant.parse("2026-01-05T06:00:00Z"));
    }

    @Test
    void sundayToSundayIsSundayNotAWeek() {
        ZonedDateTime monday = ZonedDateTime.parse("2026-01-05T12:00:00Z");
        assertThat(CronExpression.parse("0 0 6 ? * 7-7").next(monday))
                .isEqualTo(ZonedDateTime.parse("2026-01-06T06:00:00Z"));
        assertThat(Schedules.parse("0 0 6 ? * 7-7", ZoneOffset.UTC, CronDialect.SPRING)
                        .nextAfter(monday.toInstant()))
                .contains(Instant.parse("2026-01-11T06:00:00Z"));
    }

    @Test
    void stepsLargerThanTheFieldAreRefusedAsInQuartz() {
        assertThat(CronExpression.parse("*/99 * * * * *")).isNotNull();
        assertThatThrownBy(() -> Schedules.parse("*/99 * * * * *", ZoneOffset.UTC, CronDialect.SPRING))
                .hasMessage("seconds field: step 99 in '*/99' is out of range 1-59");
    }

    @Test
    void aSixthWeekAndLastOffsetsPast30AreRefused() {
        ZonedDateTime from = ZonedDateTime.parse("1995-04-01T00:00:00Z");
        assertThat(CronExpression.parse("0 0 0 ? * MON#6").next(from))
                .as("accepted, never fires")
                .isNull();
        assertThatThrownBy(() -> Schedules.parse("0 0 0 ? * MON#6", ZoneOffset.UTC, CronDialect.SPRING))
                .hasMessage("day-of-week field: '#' needs a week 1-5 after it, like 6#3, but found 'MON#6'");
        assertThat(CronExpression.parse("0 0 0 L-31 * ?").next(from))
                .as("May's L-31 counted back into April")
                .isEqualTo(ZonedDateTime.parse("1995-04-30T00:00:00Z"));
        assertThatThrownBy(() -> Schedules.parse("0 0 0 L-31 * ?", ZoneOffset.UTC, CronDialect.SPRING))
                .hasMessage("day-of-month field: offset 31 in 'L-31' is out of range 0-30");
    }

    @Test
    void aWeekdayNearestASundayAtAMonthsEndIsTheFridayBefore() {
        ZonedDateTime from = ZonedDateTime.parse("1995-04-01T00:00:00Z"); // April 30, 1995 is a Sunday
        assertThat(CronExpression.parse("0 0 0 30W * ?").next(from))
                .as("Spring skips April")
                .isEqualTo(ZonedDateTime.parse("1995-05-30T00:00:00Z"));
        assertThat(Schedules.parse("0 0 0 30W * ?", ZoneOffset.UTC, CronDialect.SPRING)
                        .nextAfter(from.toInstant()))
                .contains(Instant.parse("1995-04-28T00:00:00Z"));
    }
}
