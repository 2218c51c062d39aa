package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The places docs/semantics.md lists where Quartz 2.5.2 is wrong and we are right, each with our answer and, to show
 * the difference is real, Quartz's. The Quartz oracle properties excuse exactly these differences, and never
 * generate a step after a name.
 */
class QuartzDisagreementTest {
    private static final String UTC = "UTC";

    @Test
    void nearestWeekdayAfterTheDayFiresWhenTheSearchStartsBetweenThem() {
        // 2026-02-15 is a Sunday, so 15W is Monday the 16th; Quartz, starting on the 16th, skips to March
        assertThat(Fires.of("0 0 12 15W * ?", UTC, "2026-02-16T00:00:00Z", 2))
                .containsExactly("2026-02-16T12:00:00Z", "2026-03-16T12:00:00Z");
        assertThat(quartz("0 0 12 15W * ?", UTC, "2026-02-16T00:00:00Z", 1)).containsExactly("2026-03-16T12:00:00Z");
        // 2026-08-01 is a Saturday, so 1W is Monday the 3rd
        assertThat(Fires.of("0 0 12 1W * ?", UTC, "2026-08-02T00:00:00Z", 1)).containsExactly("2026-08-03T12:00:00Z");
        assertThat(quartz("0 0 12 1W * ?", UTC, "2026-08-02T00:00:00Z", 1)).containsExactly("2026-09-01T12:00:00Z");
    }

    @Test
    void nearestWeekdayFiresAtEveryTimeOfTheDay() {
        assertThat(Fires.of("0 0 9,17 15W * ?", UTC, "2026-02-15T10:00:00Z", 2))
                .containsExactly("2026-02-16T09:00:00Z", "2026-02-16T17:00:00Z");
        assertThat(quartz("0 0 9,17 15W * ?", UTC, "2026-02-15T10:00:00Z", 1)).containsExactly("2026-02-16T17:00:00Z");
    }

    @Test
    void lastWeekdayFiresAtEveryTimeOfTheDay() {
        // 2026-05-31 is a Sunday, so LW is Friday the 29th
        assertThat(Fires.of("0 0 9,17 LW * ?", UTC, "2026-05-28T10:00:00Z", 2))
                .containsExactly("2026-05-29T09:00:00Z", "2026-05-29T17:00:00Z");
        assertThat(quartz("0 0 9,17 LW * ?", UTC, "2026-05-28T10:00:00Z", 1)).containsExactly("2026-05-29T17:00:00Z");
    }

    @Test
    void everyNearestWeekdayOfAListFires() {
        // 2026-08-15 is a Saturday (15W is the 14th, already past); 20W is Thursday the 20th
        assertThat(Fires.of("0 0 12 15W,20W * ?", UTC, "2026-08-15T00:00:00Z", 2))
                .containsExactly("2026-08-20T12:00:00Z", "2026-09-15T12:00:00Z");
        assertThat(quartz("0 0 12 15W,20W * ?", UTC, "2026-08-15T00:00:00Z", 1))
                .containsExactly("2026-09-15T12:00:00Z");
    }

    @Test
    void lastDayOffsetsInAListKeepEveryElement() {
        // February 2026 has 28 days, so L-22 is the 6th; Quartz drops it and fires on the 7th
        assertThat(Fires.of("0 0 10 L-22,7 * ?", UTC, "2026-01-10T00:00:00Z", 2))
                .containsExactly("2026-02-06T10:00:00Z", "2026-02-07T10:00:00Z");
        assertThat(quartz("0 0 10 L-22,7 * ?", UTC, "2026-01-10T00:00:00Z", 1)).containsExactly("2026-02-07T10:00:00Z");
        assertThat(Fires.of("0 0 10 9,L,L-20 FEB ?", UTC, "2026-01-01T00:00:00Z", 3))
                .containsExactly("2026-02-08T10:00:00Z", "2026-02-09T10:00:00Z", "2026-02-28T10:00:00Z");
        assertThat(quartz("0 0 10 9,L,L-20 FEB ?", UTC, "2026-01-01T00:00:00Z", 1))
                .containsExactly("2026-02-09T10:00:00Z");
        assertThat(Fires.of("0 0 10 1,L-3,15 * ?", UTC, "2026-01-01T12:00:00Z", 6))
                .containsExactly(
                        "2026-01-15T10:00:00Z",
                        "2026-01-28T10:00:00Z",
                        "2026-02-01T10:00:00Z",
                        "2026-02-15T10:00:00Z",
                        "2026-02-25T10:00:00Z",
                        "2026-03-01T10:00:00Z");
        // January 2026 ends on a Saturday, February on a Saturday too: LW is the 30th and the 27th
        assertThat(Fires.of("0 0 10 L-20,L-2,LW * ?", UTC, "2026-01-12T12:00:00Z", 5))
                .containsExactly(
                        "2026-01-29T10:00:00Z",
                        "2026-01-30T10:00:00Z",
                        "2026-02-08T10:00:00Z",
                        "2026-02-26T10:00:00Z",
                        "2026-02-27T10:00:00Z");
    }

    @Test
    void fixedTimeInASpringForwardGapFiresAfterTheGap() {
        assertThat(Fires.of("0 30 2 * * ?", "Europe/Berlin", "2026-03-28T12:00:00Z", 1))
                .containsExactly("2026-03-29T03:00:00+02:00");
        assertThat(quartz("0 30 2 * * ?", "Europe/Berlin", "2026-03-28T12:00:00Z", 1))
                .containsExactly("2026-03-30T02:30:00+02:00");
    }

    @Test
    void fixedTimeInARepeatedHourFiresAtItsFirstOccurrence() {
        assertThat(Fires.of("0 30 2 * * ?", "Europe/Berlin", "2026-10-24T12:00:00Z", 1))
                .containsExactly("2026-10-25T02:30:00+02:00");
        assertThat(quartz("0 30 2 * * ?", "Europe/Berlin", "2026-10-24T12:00:00Z", 1))
                .containsExactly("2026-10-25T02:30:00+01:00");
    }

    @Test
    void everyHourFiresOnBothPassesOfARepeatedHour() {
        assertThat(Fires.of("0 30 * * * ?", "America/New_York", "2026-11-01T04:00:00Z", 3))
                .containsExactly("2026-11-01T00:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00");
        assertThat(quartz("0 30 * * * ?", "America/New_York", "2026-11-01T04:00:00Z", 3))
                .containsExactly("2026-11-01T00:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-01T02:30:00-05:00");
    }

    @Test
    void stepsAfterNamesAreSteps() {
        // Quartz silently drops a step after a name: JAN/2 is only January, MON-FRI/2 is every weekday
        assertThat(Fires.of("0 0 0 1 JAN/2 ?", UTC, "2026-01-01T12:00:00Z", 2))
                .containsExactly("2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z");
        assertThat(quartz("0 0 0 1 JAN/2 ?", UTC, "2026-01-01T12:00:00Z", 1)).containsExactly("2027-01-01T00:00:00Z");
        // 2026-01-02 is a Friday
        assertThat(Fires.of("0 0 0 ? * MON-FRI/2", UTC, "2026-01-01T12:00:00Z", 3))
                .containsExactly("2026-01-02T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z");
        assertThat(quartz("0 0 0 ? * MON-FRI/2", UTC, "2026-01-01T12:00:00Z", 3))
                .containsExactly("2026-01-02T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z");
    }

    private static List<String> quartz(String expression, String zone, String after, int count) {
        return Fires.following(new QuartzOracle(expression, ZoneId.of(zone))::next, zone, after, count);
    }
}
