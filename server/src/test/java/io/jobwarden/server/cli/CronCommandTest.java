package io.jobwarden.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.cli.ValidateCommandTest.CliResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CronCommandTest {
    @Test
    void prints_the_next_fires_with_offset_then_a_plain_reading() {
        CliResult r = CliResult.of(
                "cron", "0 */15 * * * ?", "-n", "3", "--zone", "Europe/Berlin", "--from", "2026-06-01T10:07:00Z");

        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines()).hasSize(4);
        assertThat(r.outLines().subList(0, 3))
                .containsExactly("2026-06-01T12:15:00+02:00", "2026-06-01T12:30:00+02:00", "2026-06-01T12:45:00+02:00");
        assertThat(r.outLines().get(3)).startsWith("# ").hasSizeGreaterThan(3);
    }

    @Test
    void fires_are_strictly_after_from_and_keep_seconds_across_a_dst_gap() {
        CliResult r = CliResult.of(
                "cron", "0 30 2 * * ?", "-n", "3", "--zone", "Europe/Berlin", "--from", "2026-03-28T02:30:00+01:00");

        assertThat(r.outLines().subList(0, 3))
                .containsExactly(
                        "2026-03-29T03:00:00+02:00  # 2026-03-29 02:30 does not exist in Europe/Berlin: fires at 03:00",
                        "2026-03-30T02:30:00+02:00",
                        "2026-03-31T02:30:00+02:00");
        assertThat(r.outLines().get(3)).isEqualTo("# at 02:30:00, every day; fixed hours: once on DST days");
    }

    @Test
    void an_hour_step_says_the_gap_skipped_its_time() {
        CliResult r = CliResult.of(
                "cron", "0 30 2/23 * * ?", "-n", "2", "--zone", "Europe/Berlin", "--from", "2026-03-28T02:30:00+01:00");

        assertThat(r.outLines())
                .containsExactly(
                        "2026-03-30T02:30:00+02:00  # 2026-03-29 02:30 does not exist in Europe/Berlin:"
                                + " skipped, as the hour field repeats",
                        "2026-03-31T02:30:00+02:00",
                        "# at 02:30:00, every day");
    }

    @Test
    void fixed_hours_say_the_repeated_hour_fires_once_where_a_star_fires_twice() {
        String from = "2026-10-25T01:30:00+02:00";
        CliResult fixed = CliResult.of("cron", "0 0 0-23 * * ?", "-n", "3", "--zone", "Europe/Berlin", "--from", from);
        CliResult star = CliResult.of("cron", "0 0 * * * ?", "-n", "3", "--zone", "Europe/Berlin", "--from", from);

        assertThat(fixed.outLines())
                .containsExactly(
                        "2026-10-25T02:00:00+02:00  # 02:00-03:00 occurs twice in Europe/Berlin on 2026-10-25:"
                                + " fires once, at the first",
                        "2026-10-25T03:00:00+01:00",
                        "2026-10-25T04:00:00+01:00",
                        "# at second 0 of minute 0 of every hour; fixed hours: once on DST days");
        assertThat(star.outLines())
                .containsExactly(
                        "2026-10-25T02:00:00+02:00",
                        "2026-10-25T02:00:00+01:00",
                        "2026-10-25T03:00:00+01:00",
                        "# at second 0 of minute 0 of every hour");
    }

    @Test
    void new_york_notes_both_of_its_clock_changes() {
        CliResult spring = CliResult.of(
                "cron", "0 30 2 * * ?", "-n", "1", "--zone", "America/New_York", "--from", "2026-03-07T12:00:00Z");
        CliResult fall = CliResult.of(
                "cron", "0 30 1 * * ?", "-n", "2", "--zone", "America/New_York", "--from", "2026-10-31T12:00:00Z");

        assertThat(spring.outLines().get(0))
                .isEqualTo("2026-03-08T03:00:00-04:00  # 2026-03-08 02:30 does not exist in America/New_York:"
                        + " fires at 03:00");
        assertThat(fall.outLines().subList(0, 2))
                .containsExactly(
                        "2026-11-01T01:30:00-04:00  # 01:00-02:00 occurs twice in America/New_York on 2026-11-01:"
                                + " fires once, at the first",
                        "2026-11-02T01:30:00-05:00");
    }

    @Test
    void five_fires_by_default_and_utc_shows_as_z() {
        CliResult r = CliResult.of("cron", "@daily", "--zone", "UTC", "--from", "2026-01-01T00:00:00Z");

        assertThat(r.outLines()).hasSize(6);
        assertThat(r.outLines().get(0)).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(r.outLines().get(4)).isEqualTo("2026-01-06T00:00:00Z");
    }

    @Test
    void from_may_be_a_zoned_or_local_date_time() {
        assertThat(CliResult.of(
                                "cron",
                                "@every 30m",
                                "-n",
                                "1",
                                "--zone",
                                "Asia/Shanghai",
                                "--from",
                                "2026-05-01T08:00:00")
                        .outLines())
                .first()
                .isEqualTo("2026-05-01T08:30:00+08:00");
        assertThat(CliResult.of(
                                "cron",
                                "@every 30m",
                                "-n",
                                "1",
                                "--zone",
                                "UTC",
                                "--from",
                                "2026-05-01T08:00:00+02:00[Europe/Paris]")
                        .outLines())
                .first()
                .isEqualTo("2026-05-01T06:30:00Z");
    }

    @Test
    void a_one_shot_prints_the_fires_there_are() {
        CliResult r = CliResult.of(
                "cron",
                "@at 2026-12-01T02:00:00+08:00",
                "-n",
                "3",
                "--zone",
                "Asia/Shanghai",
                "--from",
                "2026-01-01T00:00:00Z");

        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.outLines()).containsExactly("2026-12-01T02:00:00+08:00", "# once, at 2026-12-01T02:00:00+08:00");
    }

    @Test
    void without_from_it_starts_now() {
        Instant now = Instant.parse("2026-07-04T12:34:56Z");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new CronCommand(Clock.fixed(now, ZoneOffset.UTC)));
        cli.setOut(new PrintWriter(out));

        int code = cli.execute("0 0 * * * ?", "-n", "2", "--zone", "UTC");

        assertThat(code).isEqualTo(0);
        assertThat(out.toString().lines()).startsWith("2026-07-04T13:00:00Z", "2026-07-04T14:00:00Z");
    }

    @Test
    void a_bad_expression_is_one_line_naming_the_field_on_stderr() {
        CliResult r = CliResult.of("cron", "61 * * * * ?");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("error: schedule: seconds field: 61 is out of range 0-59");
    }

    @Test
    void a_bad_zone_from_or_count_is_a_clear_error() {
        assertThat(CliResult.of("cron", "@daily", "--zone", "Mars/Olympus").errLines())
                .containsExactly(
                        "error: --zone: 'Mars/Olympus' is not a time zone; use a name like Europe/Berlin or UTC");
        assertThat(CliResult.of("cron", "@daily", "--from", "yesterday").errLines())
                .containsExactly(
                        "error: --from: 'yesterday' is not an ISO-8601 instant; write it like 2026-03-29T01:00:00Z or 2026-03-29T03:00:00+02:00");
        CliResult zero = CliResult.of("cron", "@daily", "-n", "0");
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.errLines()).containsExactly("error: -n: must be 1-10000");
        assertThat(CliResult.of("cron").exitCode()).isEqualTo(1);
    }

    @Test
    void the_format_is_iso_offset_date_time() {
        CliResult r = CliResult.of(
                "cron", "*/5 * * * * ?", "-n", "2", "--zone", "Europe/Berlin", "--from", "2026-01-01T00:00:00Z");

        for (String line : r.outLines().subList(0, 2)) {
            assertThat(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(line)).isNotNull();
        }
        assertThat(r.outLines().subList(0, 2))
                .containsExactly("2026-01-01T01:00:05+01:00", "2026-01-01T01:00:10+01:00");
    }

    /** The forms of issue 18, as a user pastes them; printed too, so a build log shows what users see. */
    @Test
    void cron_as_spring_robfig_and_crontab_users_write_it() {
        String from = "2026-01-03T12:00:00Z"; // a Saturday
        CliResult weekdays = CliResult.of("cron", "0 0 6 * * MON-FRI", "-n", "3", "--zone", "UTC", "--from", from);
        CliResult every = CliResult.of("cron", "@every 1h30m", "-n", "3", "--zone", "UTC", "--from", from);
        CliResult tokyo =
                CliResult.of("cron", "CRON_TZ=Asia/Tokyo 0 0 6 * * ?", "-n", "2", "--zone", "UTC", "--from", from);
        CliResult ambiguous = CliResult.of("cron", "0 0 6 ? * 1-5", "-n", "2", "--zone", "UTC", "--from", from);
        CliResult spring = CliResult.of(
                "cron", "0 0 6 ? * 1-5", "--dialect", "spring", "-n", "2", "--zone", "UTC", "--from", from);
        for (CliResult r : new CliResult[] {weekdays, every, tokyo, ambiguous, spring}) {
            System.out.println(r.out() + r.err());
            assertThat(r.exitCode()).isEqualTo(0);
        }

        assertThat(weekdays.outLines().subList(0, 3))
                .containsExactly("2026-01-05T06:00:00Z", "2026-01-06T06:00:00Z", "2026-01-07T06:00:00Z");
        assertThat(weekdays.err()).isEmpty();
        assertThat(every.outLines().subList(0, 3))
                .containsExactly("2026-01-03T13:30:00Z", "2026-01-03T15:00:00Z", "2026-01-03T16:30:00Z");
        assertThat(tokyo.outLines().subList(0, 2))
                .as("read and shown in the prefix's zone")
                .containsExactly("2026-01-04T06:00:00+09:00", "2026-01-05T06:00:00+09:00");
        assertThat(ambiguous.outLines().subList(0, 2))
                .as("Quartz, as before: 1-5 is SUN-THU")
                .containsExactly("2026-01-04T06:00:00Z", "2026-01-05T06:00:00Z");
        assertThat(ambiguous.errLines())
                .containsExactly("warning: day-of-week '1-5' = SUN-THU in Quartz; MON-FRI in Spring:"
                        + " set cron-dialect: quartz or spring");
        assertThat(spring.outLines().subList(0, 2)).containsExactly("2026-01-05T06:00:00Z", "2026-01-06T06:00:00Z");
        assertThat(spring.err()).isEmpty();
    }

    @Test
    void an_unknown_dialect_is_an_error_naming_the_option() {
        CliResult r = CliResult.of("cron", "0 0 6 * * ?", "--dialect", "vixie");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("error: --dialect: 'vixie' is not one of quartz | spring | unix");
    }
}
