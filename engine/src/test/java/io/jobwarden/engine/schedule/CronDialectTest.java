package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cron as users paste it from Spring, robfig/cron and crontab (issue 18), and the dialects that keep it meaning that. */
class CronDialectTest {
    private static final String UTC = "UTC";
    /** A Saturday. */
    private static final String SATURDAY = "2026-01-03T12:00:00Z";

    private static List<String> fires(String expression, CronDialect dialect, int count) {
        Schedule schedule = Schedules.parse(expression, ZoneOffset.UTC, dialect);
        return Fires.following(schedule::nextAfter, UTC, SATURDAY, count);
    }

    @Test
    void starInOneDayFieldBesideARestrictionIsThatRestriction() {
        List<String> weekdays = List.of(
                "2026-01-05T06:00:00Z",
                "2026-01-06T06:00:00Z",
                "2026-01-07T06:00:00Z",
                "2026-01-08T06:00:00Z",
                "2026-01-09T06:00:00Z",
                "2026-01-12T06:00:00Z");
        assertThat(Fires.of("0 0 6 * * MON-FRI", UTC, SATURDAY, 6)).isEqualTo(weekdays);
        assertThat(Fires.of("0 0 6 ? * MON-FRI", UTC, SATURDAY, 6)).isEqualTo(weekdays);
        assertThat(Fires.of("0 0 6 15 * *", UTC, SATURDAY, 2))
                .containsExactly("2026-01-15T06:00:00Z", "2026-02-15T06:00:00Z");
        assertThat(Fires.of("0 0 0 * * *", UTC, SATURDAY, 3))
                .containsExactly("2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z");
        assertThat(Fires.of("0 0 6 * * MON-FRI 2027", UTC, SATURDAY, 2))
                .as("7 fields too")
                .containsExactly("2027-01-01T06:00:00Z", "2027-01-04T06:00:00Z");
        assertThat(Fires.of("0 0 6 * * MON-FRI 2027", UTC, SATURDAY, 2))
                .isEqualTo(Fires.of("0 0 6 ? * MON-FRI 2027", UTC, SATURDAY, 2));
        assertThat(Fires.of("0 0 0 * * * 2027", UTC, SATURDAY, 1)).containsExactly("2027-01-01T00:00:00Z");
    }

    @Test
    void bothDayFieldsRestrictedStaysAQuartzError() {
        assertThatThrownBy(() -> Schedules.parse("0 0 6 1 * MON", ZoneOffset.UTC))
                .hasMessage("day-of-month and day-of-week fields: one of them must be '?' in a 6 or 7-field (Quartz)"
                        + " expression, like '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?', but found '1' and 'MON'");
        assertThatThrownBy(() -> Schedules.parse("0 0 6 1 * MON 2027", ZoneOffset.UTC))
                .hasMessageContaining("but found '1' and 'MON'");
        // Spring ANDs them: the 1st of a month that is a Monday.
        assertThat(fires("0 0 6 1 * MON", CronDialect.SPRING, 2))
                .containsExactly("2026-06-01T06:00:00Z", "2027-02-01T06:00:00Z");
    }

    @Test
    void dayNumbersMeanWhatTheirDialectSays() {
        assertThat(fires("0 0 6 ? * 1-5", CronDialect.QUARTZ, 2))
                .as("Quartz: 1 = SUN")
                .containsExactly("2026-01-04T06:00:00Z", "2026-01-05T06:00:00Z");
        assertThat(fires("0 0 6 ? * 1-5", CronDialect.SPRING, 2))
                .as("Spring: 1 = MON")
                .containsExactly("2026-01-05T06:00:00Z", "2026-01-06T06:00:00Z");
        assertThat(fires("0 0 6 * * 0", CronDialect.SPRING, 1)).containsExactly("2026-01-04T06:00:00Z");
        assertThat(fires("0 0 6 * * 7", CronDialect.SPRING, 1)).containsExactly("2026-01-04T06:00:00Z");
        assertThat(fires("0 0 6 ? * */2", CronDialect.SPRING, 2))
                .as("Spring reads * in day-of-week as MON-SUN")
                .containsExactly("2026-01-04T06:00:00Z", "2026-01-05T06:00:00Z");
        assertThat(fires("0 6 * * */2", CronDialect.UNIX, 2))
                .as("Vixie reads it as SUN-SAT")
                .containsExactly("2026-01-04T06:00:00Z", "2026-01-06T06:00:00Z");
        assertThat(fires("0 0 6 ? * ?", CronDialect.SPRING, 1)).containsExactly("2026-01-04T06:00:00Z");
        assertThat(fires("0 6 * * 1-5", CronDialect.UNIX, 1)).containsExactly("2026-01-05T06:00:00Z");
        assertThat(Schedules.parse("0 0 6 ? * 1-5", ZoneOffset.UTC, null).nextAfter(Instant.parse(SATURDAY)))
                .as("no dialect reads as Quartz, as before")
                .contains(Instant.parse("2026-01-04T06:00:00Z"));
    }

    @Test
    void eachDialectNamesTheFieldCountsItTakes() {
        assertThatThrownBy(() -> Schedules.parse("0 6 * * *", ZoneOffset.UTC, CronDialect.SPRING))
                .isInstanceOf(ScheduleException.class)
                .hasMessage("expected 6 fields (seconds first) in the spring cron dialect but found 5;"
                        + " for 5-field cron set cron-dialect: unix");
        assertThatThrownBy(() -> Schedules.parse("0 0 6 * * ? 2030", ZoneOffset.UTC, CronDialect.SPRING))
                .hasMessage("expected 6 fields (seconds first) in the spring cron dialect but found 7");
        assertThatThrownBy(() -> Schedules.parse("0 0 6 * * ?", ZoneOffset.UTC, CronDialect.UNIX))
                .hasMessage("expected 5 fields in the unix cron dialect but found 6;"
                        + " for seconds first set cron-dialect: quartz or spring");
        assertThat(fires("@daily", CronDialect.SPRING, 1)).containsExactly("2026-01-04T00:00:00Z");
    }

    @Test
    void zonePrefixesReadTheExpressionInTheirZone() {
        assertThat(Fires.of("CRON_TZ=Asia/Tokyo 0 0 6 * * ?", UTC, SATURDAY, 2))
                .containsExactly("2026-01-03T21:00:00Z", "2026-01-04T21:00:00Z");
        assertThat(Fires.of("TZ=Asia/Tokyo 0 6 * * *", UTC, SATURDAY, 1)).containsExactly("2026-01-03T21:00:00Z");
        assertThat(Schedules.prefixZone("CRON_TZ=Asia/Tokyo 0 0 6 * * ?")).contains(ZoneId.of("Asia/Tokyo"));
        assertThat(Schedules.prefixZone("0 0 6 * * ?")).isEmpty();
        assertThat(Schedules.parse("TZ=UTC @daily", ZoneId.of("Asia/Tokyo")).expression())
                .isEqualTo("TZ=UTC @daily");
    }

    @Test
    void compoundDurationsInEveryAndDelay() {
        assertThat(Fires.of("@every 1h30m", UTC, "2026-01-01T00:00:00Z", 2))
                .containsExactly("2026-01-01T01:30:00Z", "2026-01-01T03:00:00Z");
        assertThat(Schedules.parse("@delay 2m30s", ZoneOffset.UTC).describe()).contains("150 seconds");
    }

    @Test
    void numericDayOfWeekWithoutADialectWarnsWithBothReadings() {
        assertThat(Schedules.warnings("0 0 6 ? * 1-5", null))
                .containsExactly("day-of-week '1-5' = SUN-THU in Quartz; MON-FRI in Spring: set cron-dialect:"
                        + " quartz or spring");
        assertThat(Schedules.warnings("CRON_TZ=Asia/Tokyo 0 0 6 ? * 2,4", null))
                .containsExactly(
                        "day-of-week '2,4' = MON,WED in Quartz; TUE,THU in Spring: set cron-dialect: quartz or spring");
        assertThat(Schedules.warnings("0 0 6 ? * 6#3", null))
                .containsExactly(
                        "day-of-week '6#3' = FRI#3 in Quartz; SAT#3 in Spring: set cron-dialect: quartz or spring");
        assertThat(Schedules.warnings("0 0 6 ? * 1-5", CronDialect.QUARTZ)).isEmpty();
        assertThat(Schedules.warnings("0 0 6 ? * 1-5", CronDialect.SPRING)).isEmpty();
        assertThat(Schedules.warnings("0 0 6 ? * MON-FRI", null)).isEmpty();
        assertThat(Schedules.warnings("0 0 6 ? * */2", null))
                .as("Spring's * is MON-SUN, so its */2 starts on Monday")
                .containsExactly("day-of-week '*/2' = SUN,TUE,THU,SAT in Quartz; SUN,MON,WED,FRI in Spring:"
                        + " set cron-dialect: quartz or spring");
        assertThat(Schedules.warnings("0 0 6 ? * 1-7", null))
                .as("every day either way")
                .isEmpty();
        assertThat(Schedules.warnings("0 0 6 1 * ?", null)).isEmpty();
        assertThat(Schedules.warnings("0 6 * * 1-5", null))
                .as("5 fields are Unix everywhere")
                .isEmpty();
        assertThat(Schedules.warnings("0 0 6 ? * 9", null))
                .as("invalid: the error says it")
                .isEmpty();
        assertThat(Schedules.warnings("@every 1h", null)).isEmpty();
    }

    @Test
    void dialectNamesAreReadAsConfigWritesThem() {
        assertThat(CronDialect.fromConfigName("Spring")).isEqualTo(Optional.of(CronDialect.SPRING));
        assertThat(CronDialect.fromConfigName("vixie")).isEmpty();
        assertThat(CronDialect.choices()).isEqualTo("quartz | spring | unix");
    }
}
