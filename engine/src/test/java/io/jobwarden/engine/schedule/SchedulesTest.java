package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Each schedule syntax of docs/cron.md, read and evaluated. */
class SchedulesTest {
    private static final String UTC = "UTC";

    @Test
    void macrosAreTheirUnixExpressions() {
        String after = "2026-02-15T10:00:00Z";
        assertThat(Fires.of("@yearly", UTC, after, 2)).containsExactly("2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z");
        assertThat(Fires.of("@annually", UTC, after, 1)).containsExactly("2027-01-01T00:00:00Z");
        assertThat(Fires.of("@monthly", UTC, after, 2)).containsExactly("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
        assertThat(Fires.of("@weekly", UTC, after, 2)).containsExactly("2026-02-22T00:00:00Z", "2026-03-01T00:00:00Z");
        assertThat(Fires.of("@daily", UTC, after, 2)).containsExactly("2026-02-16T00:00:00Z", "2026-02-17T00:00:00Z");
        assertThat(Fires.of("@midnight", UTC, after, 1)).containsExactly("2026-02-16T00:00:00Z");
        assertThat(Fires.of("@hourly", UTC, after, 2)).containsExactly("2026-02-15T11:00:00Z", "2026-02-15T12:00:00Z");
        assertThat(Fires.of("  @DAILY ", UTC, after, 1)).containsExactly("2026-02-16T00:00:00Z");
    }

    @Test
    void expressionIsKeptAsWritten() {
        assertThat(Schedules.parse(" 0 0 12 ? jan mon#2 ", ZoneOffset.UTC).expression())
                .isEqualTo(" 0 0 12 ? jan mon#2 ");
        assertThat(Schedules.parse("@every 30s", ZoneOffset.UTC).expression()).isEqualTo("@every 30s");
    }

    @Test
    void everyIsAlignedToTheEpochSoEveryNodeAgrees() {
        Schedule schedule = Schedules.parse("@every 7m", ZoneOffset.UTC);
        Instant a = Instant.parse("2026-02-15T10:00:00Z");
        Instant next = schedule.nextAfter(a).orElseThrow();
        assertThat(next.toEpochMilli() % 420_000).isZero();
        assertThat(next).isAfter(a).isBeforeOrEqualTo(a.plusSeconds(420));
        assertThat(schedule.nextAfter(next.minusMillis(419_999))).contains(next);
        assertThat(schedule.nextAfter(next)).contains(next.plusSeconds(420));
        assertThat(Fires.of("@every 1h", UTC, "2026-02-15T10:30:00Z", 2))
                .containsExactly("2026-02-15T11:00:00Z", "2026-02-15T12:00:00Z");
        assertThat(Fires.of("@every 500ms", UTC, "2026-02-15T10:00:00.200Z", 2))
                .containsExactly("2026-02-15T10:00:00.5Z", "2026-02-15T10:00:01Z");
        assertThat(schedule.plansFromRunEnd()).isFalse();
    }

    @Test
    void everyWorksBeforeTheEpochAndAtTheEdgesOfTime() {
        Schedule schedule = Schedules.parse("@every 1h", ZoneOffset.UTC);
        assertThat(schedule.nextAfter(Instant.parse("1969-12-31T22:30:00Z")))
                .contains(Instant.parse("1969-12-31T23:00:00Z"));
        assertThat(schedule.nextAfter(Instant.MAX)).isEmpty();
        assertThat(schedule.nextAfter(Instant.MIN)).isEmpty();
    }

    @Test
    void delayPlansFromTheEndOfTheRun() {
        Schedule schedule = Schedules.parse("@delay 30s", ZoneOffset.UTC);
        Instant runEnd = Instant.parse("2026-02-15T10:00:07.250Z");
        assertThat(schedule.plansFromRunEnd()).isTrue();
        assertThat(schedule.nextAfter(runEnd)).contains(runEnd.plusSeconds(30));
        assertThat(schedule.nextAfter(Instant.MAX)).isEmpty();
    }

    @Test
    void atFiresOnceStrictlyAfter() {
        Schedule schedule = Schedules.parse("@at 2026-12-01T02:00:00+08:00", ZoneOffset.UTC);
        Instant at = Instant.parse("2026-11-30T18:00:00Z");
        assertThat(schedule.nextAfter(at.minusMillis(1))).contains(at);
        assertThat(schedule.nextAfter(at)).isEmpty();
        assertThat(schedule.nextAfter(at.plusSeconds(1))).isEmpty();
        assertThat(Schedules.parse("@at 2026-12-01T02:00Z", ZoneOffset.UTC).nextAfter(at))
                .contains(Instant.parse("2026-12-01T02:00:00Z"));
        assertThat(schedule.plansFromRunEnd()).isFalse();
    }

    @Test
    void atFinerThanAMillisecondIsCutToTheStoresPrecision() {
        // A fire stored in milliseconds (cut) must equal the schedule's own instant, or the schedule gives a second
        // fire after it, or plans the same one again at every pass.
        Schedule schedule = Schedules.parse("@at 2026-12-02T18:46:21.274666071Z", ZoneOffset.UTC);
        Instant fire = Instant.parse("2026-12-02T18:46:21.274Z");
        assertThat(schedule.nextAfter(fire.minusMillis(1))).contains(fire);
        assertThat(schedule.nextAfter(fire)).isEmpty();
    }

    @Test
    void unixDayOfWeekCountsSundayAsZeroOrSeven() {
        // 2026-02-15 is a Sunday
        assertThat(Fires.of("0 12 * * 0", UTC, "2026-02-14T00:00:00Z", 1)).containsExactly("2026-02-15T12:00:00Z");
        assertThat(Fires.of("0 12 * * 7", UTC, "2026-02-14T00:00:00Z", 1)).containsExactly("2026-02-15T12:00:00Z");
        assertThat(Fires.of("0 12 * * sun", UTC, "2026-02-14T00:00:00Z", 1)).containsExactly("2026-02-15T12:00:00Z");
        assertThat(Fires.of("0 12 * * 5-7", UTC, "2026-02-12T13:00:00Z", 3))
                .containsExactly("2026-02-13T12:00:00Z", "2026-02-14T12:00:00Z", "2026-02-15T12:00:00Z");
        assertThat(Fires.of("0 0 12 ? * 1", UTC, "2026-02-14T00:00:00Z", 1)).containsExactly("2026-02-15T12:00:00Z");
    }

    @Test
    void unixDayFieldsBothRestrictedMeanEitherMatches() {
        // Vixie cron: the 1st of the month, and every Monday (2026-03-02, 09, ...)
        assertThat(Fires.of("0 12 1 * MON", UTC, "2026-02-24T00:00:00Z", 4))
                .containsExactly(
                        "2026-03-01T12:00:00Z", "2026-03-02T12:00:00Z", "2026-03-09T12:00:00Z", "2026-03-16T12:00:00Z");
        assertThat(Fires.of("0 12 1,15 * 5", UTC, "2026-02-24T00:00:00Z", 3))
                .containsExactly("2026-02-27T12:00:00Z", "2026-03-01T12:00:00Z", "2026-03-06T12:00:00Z");
    }

    @Test
    void unixDayFieldStartingWithStarIsAndedAsInVixie() {
        // Vixie treats a field written with a leading * as unrestricted, so */2 AND Monday: odd days that are Mondays
        assertThat(Fires.of("0 12 */2 * MON", UTC, "2026-02-24T00:00:00Z", 3))
                .containsExactly("2026-03-09T12:00:00Z", "2026-03-23T12:00:00Z", "2026-04-13T12:00:00Z");
        assertThat(Fires.of("0 12 * * MON", UTC, "2026-02-24T00:00:00Z", 2))
                .containsExactly("2026-03-02T12:00:00Z", "2026-03-09T12:00:00Z");
        assertThat(Fires.of("0 12 1 * *", UTC, "2026-02-24T00:00:00Z", 2))
                .containsExactly("2026-03-01T12:00:00Z", "2026-04-01T12:00:00Z");
    }

    @Test
    void namesAndLettersAreCaseInsensitive() {
        assertThat(Fires.of("0 0 12 ? jan mon#2", UTC, "2026-01-01T00:00:00Z", 1))
                .isEqualTo(Fires.of("0 0 12 ? JAN MON#2", UTC, "2026-01-01T00:00:00Z", 1))
                .containsExactly("2026-01-12T12:00:00Z");
        assertThat(Fires.of("0 0 12 lw * ?", UTC, "2026-01-01T00:00:00Z", 1)).containsExactly("2026-01-30T12:00:00Z");
        assertThat(Fires.of("0 0 12 ? * friL", UTC, "2026-01-01T00:00:00Z", 1)).containsExactly("2026-01-30T12:00:00Z");
    }

    @Test
    void quartzSpecialsEachFireOnTheirDay() {
        assertThat(Fires.of("0 0 12 L * ?", UTC, "2028-02-01T00:00:00Z", 1)).containsExactly("2028-02-29T12:00:00Z");
        assertThat(Fires.of("0 0 12 L-2 * ?", UTC, "2026-04-01T00:00:00Z", 1)).containsExactly("2026-04-28T12:00:00Z");
        assertThat(Fires.of("0 0 12 ? * L", UTC, "2026-02-15T00:00:00Z", 1)).containsExactly("2026-02-21T12:00:00Z");
        assertThat(Fires.of("0 0 12 ? * 6#5", UTC, "2026-02-01T00:00:00Z", 1)).containsExactly("2026-05-29T12:00:00Z");
        assertThat(Fires.of("0 0 12 ? * 6L,2#1", UTC, "2026-02-01T00:00:00Z", 3))
                .containsExactly("2026-02-02T12:00:00Z", "2026-02-27T12:00:00Z", "2026-03-02T12:00:00Z");
        assertThat(Fires.of("0 0 22-2 1 * ?", UTC, "2026-02-01T12:00:00Z", 4))
                .containsExactly(
                        "2026-02-01T22:00:00Z", "2026-02-01T23:00:00Z", "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z");
    }

    @Test
    void schedulesThatNeverFireReturnEmpty() {
        assertThat(Fires.of("0 0 12 30 2 ?", "Europe/Berlin", "2026-01-01T00:00:00Z", 1))
                .isEmpty();
        assertThat(Fires.of("0 0 12 31 4,6,9,11 ?", UTC, "2026-01-01T00:00:00Z", 1))
                .isEmpty();
        assertThat(Fires.of("0 0 12 1 1 ? 2020", UTC, "2026-01-01T00:00:00Z", 1))
                .isEmpty();
        assertThat(Fires.of("0 0 0 1 1 ? 2299", "America/New_York", "2026-01-01T00:00:00Z", 2))
                .containsExactly("2299-01-01T00:00:00-05:00");
        assertThat(Fires.of("* * * * * ?", UTC, "2300-01-01T00:00:00Z", 1)).isEmpty();
    }

    @Test
    void fireTimesAreWholeSecondsStrictlyAfter() {
        Schedule everySecond = Schedules.parse("* * * * * ?", ZoneId.of("Asia/Shanghai"));
        Instant second = Instant.parse("2026-02-15T10:00:01Z");
        assertThat(everySecond.nextAfter(Instant.parse("2026-02-15T10:00:00.500Z")))
                .contains(second);
        assertThat(everySecond.nextAfter(Instant.parse("2026-02-15T10:00:00Z"))).contains(second);
        // cron years start at 1970, read in the schedule's zone
        assertThat(everySecond.nextAfter(Instant.MIN)).contains(Instant.parse("1969-12-31T16:00:00Z"));
    }
}
