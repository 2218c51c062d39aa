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
                .containsExactly("2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00");
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
}
