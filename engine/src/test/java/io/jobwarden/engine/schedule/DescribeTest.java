package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain-language reading printed by {@code jobwarden cron} and shown on the dashboard. */
class DescribeTest {

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 30 2 ? * MON-FRI         | at 02:30:00, on Monday through Friday
            30 2 * * 1-5               | at 02:30, on Monday through Friday
            */5 * * * *                | every 5 minutes
            0 */5 * * * ?              | at second 0 of every 5th minute
            0 0/5 * * * ?              | at second 0 of every 5th minute
            * * * * * ?                | every second
            * * * * *                  | every minute
            * * 9 * * ?                | every second of hour 9
            0 * 9-17 * * ?             | at second 0 of every minute of hours 9 through 17
            */30 * * * * ?             | every 30 seconds
            10,20,45 * * * * ?         | at seconds 10, 20 and 45 of every minute
            0 30 * * * ?               | at second 0 of minute 30 of every hour
            0 1-30/10 * * * ?          | at second 0 of every 10th minute from minute 1 through 21
            */15 9-17 * * 1-5          | every 15 minutes of hours 9 through 17, on Monday through Friday
            0 0 */2 * * ?              | at second 0 of minute 0 of every 2nd hour
            0 0 12 * * ?               | at 12:00:00, every day
            0 0 9,17 * * ?             | at 09:00:00 and 17:00:00, every day
            0 0 0/6 * * ?              | at 00:00:00, 06:00:00, 12:00:00 and 18:00:00, every day
            0 0 12 1/5 * ?             | at 12:00:00, on every 5th day of the month
            0 0 12 1,15 * ?            | at 12:00:00, on days 1 and 15 of the month
            0 11 11 11 11 ?            | at 11:11:00, on 11 November
            0 15 10 L * ?              | at 10:15:00, on the last day of the month
            0 15 10 L-2 * ?            | at 10:15:00, on the 3rd-to-last day of the month
            0 0 12 LW * ?              | at 12:00:00, on the last weekday of the month
            0 0 12 15W * ?             | at 12:00:00, on the weekday nearest day 15 of the month
            0 0 0 L-3,15,20W * ?       | at 00:00:00, on day 15, the 4th-to-last day and the weekday nearest day 20 of the month
            0 15 10 ? * 6L             | at 10:15:00, on the last Friday of the month
            0 15 10 ? * 6#3            | at 10:15:00, on the third Friday of the month
            0 0 12 ? * SAT,SUN         | at 12:00:00, on Saturday and Sunday
            0 0 0 ? * 2-6/2            | at 00:00:00, on Monday, Wednesday and Friday
            0 0 12 ? JAN-MAR *         | at 12:00:00, every day, in January through March
            0 0 12 ? */3 MON           | at 12:00:00, on Monday, in January, April, July and October
            0 0 12 1 1 ? 2026-2030     | at 12:00:00, on 1 January, in 2026 through 2030
            0 0 12 1 1 ? 2026/2        | at 12:00:00, on 1 January, every 2nd year from 2026
            0 12 1 * MON               | at 12:00, on day 1 of the month or on Monday
            0 12 */2 * MON             | at 12:00, on every 2nd day of the month that falls on Monday
            @yearly                    | at 00:00, on 1 January
            @monthly                   | at 00:00, on day 1 of the month
            @weekly                    | at 00:00, on Sunday
            @daily                     | at 00:00, every day
            @hourly                    | at minute 0 of every hour
            @every 30s                 | every 30 seconds (fixed rate)
            @every 1m                  | every minute (fixed rate)
            @every 500ms               | every 500 milliseconds (fixed rate)
            @delay 30s                 | 30 seconds after each run ends
            @delay 1m                  | 1 minute after each run ends
            @at 2026-12-01T02:00+08:00 | once, at 2026-12-01T02:00+08:00
            """)
    void readsAsPlainEnglish(String expression, String description) {
        assertThat(Schedules.parse(expression, ZoneOffset.UTC).describe()).isEqualTo(description);
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 30 2 * * ?    | Europe/Berlin    | at 02:30:00, every day; fixed hours: once on DST days
            0 30 2/23 * * ? | Europe/Berlin    | at 02:30:00, every day
            0 0 0-23 * * ?  | America/New_York | at second 0 of minute 0 of every hour; fixed hours: once on DST days
            0 0 * * * ?     | America/New_York | at second 0 of minute 0 of every hour
            0 30 2 * * ?    | UTC              | at 02:30:00, every day
            0 30 2 * * ?    | Asia/Tokyo       | at 02:30:00, every day
            """)
    void fixedHoursSayHowTheyMeetDaylightSavingTime(String expression, String zone, String description) {
        assertThat(Schedules.parse(expression, ZoneId.of(zone)).describe()).isEqualTo(description);
    }
}
