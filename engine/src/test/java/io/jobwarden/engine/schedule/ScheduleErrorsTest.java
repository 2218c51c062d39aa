package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a schedule can be wrong, with the message the user sees: it names the field and the value. */
class ScheduleErrorsTest {

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("mistakes")
    void namesTheFieldAndTheValue(String expression, String message) {
        assertThatThrownBy(() -> Schedules.parse(expression, ZoneOffset.UTC))
                .isExactlyInstanceOf(ScheduleException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // the expression as a whole
                Arguments.of("", "a schedule is required, like '0 0 2 * * ?', '@daily' or '@every 30s'"),
                Arguments.of("   ", "a schedule is required, like '0 0 2 * * ?', '@daily' or '@every 30s'"),
                Arguments.of(null, "a schedule is required, like '0 0 2 * * ?', '@daily' or '@every 30s'"),
                Arguments.of("* * * *", "expected 5, 6 or 7 fields but found 4"),
                Arguments.of("0 0 0 1 1 ? 2030 x", "expected 5, 6 or 7 fields but found 8"),
                // values out of range, in every field
                Arguments.of("61 * * * * ?", "seconds field: 61 is out of range 0-59"),
                Arguments.of("0 60 * * * ?", "minutes field: 60 is out of range 0-59"),
                Arguments.of("0 0 24 * * ?", "hours field: 24 is out of range 0-23"),
                Arguments.of("0 0 0 0 * ?", "day-of-month field: 0 is out of range 1-31"),
                Arguments.of("0 0 0 32 * ?", "day-of-month field: 32 is out of range 1-31"),
                Arguments.of("0 0 0 ? 13 *", "month field: 13 is out of range 1-12"),
                Arguments.of("0 0 0 ? * 0", "day-of-week field: 0 is out of range 1-7"),
                Arguments.of("0 0 0 ? * 8", "day-of-week field: 8 is out of range 1-7"),
                Arguments.of("0 0 * * 8", "day-of-week field: 8 is out of range 0-7"),
                Arguments.of("0 0 0 1 1 ? 1969", "year field: 1969 is out of range 1970-2299"),
                Arguments.of("0 0 0 1 1 ? 2300", "year field: 2300 is out of range 1970-2299"),
                Arguments.of("0 0 0 1 1 ? 99999999999", "year field: 99999999999 is out of range 1970-2299"),
                // words that are not names
                Arguments.of("0 0 0 ? * FOO", "day-of-week field: 'FOO' is not a day name (SUN-SAT) or number 1-7"),
                Arguments.of("0 0 * * foo", "day-of-week field: 'foo' is not a day name (SUN-SAT) or number 0-7"),
                Arguments.of("0 0 0 ? Foo *", "month field: 'Foo' is not a month name (JAN-DEC) or number 1-12"),
                Arguments.of("x * * * * ?", "seconds field: 'x' is not a number 0-59"),
                Arguments.of("0 0 0 MON * ?", "day-of-month field: 'MON' is not a number 1-31"),
                Arguments.of("0 0 5L * * ?", "hours field: '5L' is not a number 0-23"),
                // lists, ranges and steps
                Arguments.of("*/0 * * * * ?", "seconds field: step 0 in '*/0' is out of range 1-59"),
                Arguments.of("0 0 */24 * * ?", "hours field: step 24 in '*/24' is out of range 1-23"),
                Arguments.of("*/x * * * * ?", "seconds field: step 'x' in '*/x' is not a whole number"),
                Arguments.of("5/ * * * * ?", "seconds field: step '' in '5/' is not a whole number"),
                Arguments.of("1-2-3 * * * * ?", "seconds field: '1-2-3' is not a range like 1-5"),
                Arguments.of("-5 * * * * ?", "seconds field: '-5' is not a number 0-59"),
                Arguments.of("1,,2 * * * * ?", "seconds field: empty value in '1,,2'"),
                Arguments.of("0 0 0 1 1 ? 2030-2025", "year field: range '2030-2025' ends before it starts"),
                // ? and the Quartz day rule
                Arguments.of("? * * * * ?", "seconds field: '?' is only allowed in day-of-month or day-of-week"),
                Arguments.of("0 0 0 ? * ?", "day-of-month and day-of-week fields: only one of them may be '?'"),
                Arguments.of(
                        "0 0 0 1 * */2",
                        "day-of-month and day-of-week fields: one of them must be '?' in a 6 or"
                                + " 7-field (Quartz) expression, like '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?', but found '1' and '*/2'"),
                Arguments.of(
                        "0 0 0 1 * MON",
                        "day-of-month and day-of-week fields: one of them must be '?' in a 6 or"
                                + " 7-field (Quartz) expression, like '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?', but found '1' and 'MON'"),
                Arguments.of("0 0 0 1,? * ?", "day-of-month field: '?' must stand alone, but found '1,?'"),
                Arguments.of("0 0 0 ? * 1,?", "day-of-week field: '?' must stand alone, but found '1,?'"),
                // L, W and #
                Arguments.of("0 0 0 L-31 * ?", "day-of-month field: offset 31 in 'L-31' is out of range 0-30"),
                Arguments.of(
                        "0 0 0 1-5W * ?",
                        "day-of-month field: 'W' needs a single day before it, like 15W, but found '1-5W'"),
                Arguments.of("0 0 0 32W * ?", "day-of-month field: 32 is out of range 1-31"),
                Arguments.of("0 0 0 LX * ?", "day-of-month field: 'LX' is not L, L-n, LW or L-nW"),
                Arguments.of(
                        "0 0 0 ? * 6#9", "day-of-week field: '#' needs a week 1-5 after it, like 6#3, but found '6#9'"),
                Arguments.of(
                        "0 0 0 ? * 6#", "day-of-week field: '#' needs a week 1-5 after it, like 6#3, but found '6#'"),
                Arguments.of("0 0 0 ? * FOO#2", "day-of-week field: 'FOO' is not a day name (SUN-SAT) or number 1-7"),
                Arguments.of("0 0 0 ? * 8L", "day-of-week field: 8 is out of range 1-7"),
                Arguments.of(
                        "0 0 0 ? * L-2",
                        "day-of-week field: 'L-2' is not a day of the week; use L alone (Saturday)"
                                + " or nL for the last such day of the month, like 6L"),
                // dialects and zone prefixes
                Arguments.of(
                        "CRON_TZ=Mars/Olympus 0 0 6 * * ?",
                        "CRON_TZ: 'Mars/Olympus' is not a time zone; use a name like Asia/Tokyo or UTC"),
                Arguments.of("TZ=Tokyo 0 6 * * *", "TZ: 'Tokyo' is not a time zone; use a name like Asia/Tokyo or UTC"),
                Arguments.of("CRON_TZ=UTC", "a schedule is required after the zone prefix"),
                Arguments.of(
                        "@every 30m1h",
                        "@every: '30m1h' is not a duration; write its parts largest unit first and each unit once, like 1h30m or 2m30s"),
                // keywords
                Arguments.of(
                        "@reboot",
                        "unknown schedule '@reboot'; use @yearly, @annually, @monthly, @weekly, @daily,"
                                + " @midnight, @hourly, @every D, @delay D or @at INSTANT"),
                Arguments.of("@daily now", "@daily takes no argument, but found 'now'"),
                Arguments.of("@every", "@every: a duration is required, like @every 30s"),
                Arguments.of("@every 0s", "@every: '0s' must be positive"),
                Arguments.of(
                        "@every 30",
                        "@every: '30' is not a duration; use a whole number and a unit: 500ms, 30s, 10m, 2h, 1d, or several like 1h30m"),
                Arguments.of("@every 36501d", "@every: '36501d' is too long; the most is 36500d"),
                Arguments.of("@every 999999999999d", "@every: '999999999999d' is too long; the most is 36500d"),
                Arguments.of("@delay", "@delay: a duration is required, like @delay 30s"),
                Arguments.of("@delay 0ms", "@delay: '0ms' must be positive"),
                Arguments.of("@at", "@at: a date-time with offset is required, like @at 2026-12-01T02:00:00+08:00"),
                Arguments.of(
                        "@at 2026-12-01T02:00",
                        "@at: '2026-12-01T02:00' has no offset; write it like 2026-12-01T02:00:00+08:00"),
                Arguments.of(
                        "@at tomorrow",
                        "@at: 'tomorrow' is not an ISO-8601 date-time with offset; write it like"
                                + " 2026-12-01T02:00:00+08:00"),
                Arguments.of(
                        "@at +999999999-12-31T23:59:59+18:00",
                        "@at: '+999999999-12-31T23:59:59+18:00' is out of range; use an instant from"
                                + " 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z"),
                Arguments.of(
                        "@at 1969-12-31T23:59:59Z",
                        "@at: '1969-12-31T23:59:59Z' is out of range; use an instant from"
                                + " 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z"));
    }
}
