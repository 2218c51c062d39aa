package io.jobwarden.server.cli;

import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.engine.schedule.CronDialect;
import io.jobwarden.engine.schedule.Schedule;
import io.jobwarden.engine.schedule.ScheduleException;
import io.jobwarden.engine.schedule.Schedules;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Shows what a schedule expression means before it goes into a config: the next fire times, one a line, as
 * ISO-8601 with the zone's offset, then one line starting with {@code # } reading the expression in plain words.
 * A time that daylight saving time moved, or that follows a skipped or once-fired wall-clock time, carries a note
 * after it on its line ({@code 2026-03-29T03:00:00+02:00  # 2026-03-29 02:30 does not exist in Europe/Berlin: fires
 * at 03:00}), so the first word of each line is still the time.
 * The format is kept that plain so scripts can use it; errors go to stderr as one line, exit 1, and warnings (an
 * expression valid but read differently by other schedulers) to stderr as {@code warning: } lines, exit 0.
 */
@Command(
        name = "cron",
        mixinStandardHelpOptions = true,
        description =
                "Prints the next fire times of a schedule expression, each with a note where daylight saving time moves, skips or repeats it, and reads the expression in plain language.")
public final class CronCommand implements Callable<Integer> {
    static final int MAX_COUNT = 10_000;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "EXPR",
            description =
                    "a schedule as in jobwarden.yml: Quartz cron (6/7 fields), Unix cron (5 fields), @daily, @every 1h30m, @delay 30s, @at 2026-12-01T02:00:00+08:00, optionally after CRON_TZ=Zone or TZ=Zone")
    String expression;

    @Option(
            names = {"-n", "--count"},
            paramLabel = "K",
            defaultValue = "5",
            description = "how many fire times to print (default: ${DEFAULT-VALUE})")
    int count;

    @Option(
            names = "--zone",
            paramLabel = "Z",
            description = "the zone the expression is read in, like Europe/Berlin (default: this machine's zone)")
    String zone;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description =
                    "list fires strictly after this instant, like 2026-03-29T01:00:00Z or 2026-03-29T03:00:00+02:00; a time without offset is read in --zone (default: now)")
    String from;

    @Option(
            names = "--dialect",
            paramLabel = "D",
            description =
                    "how cron fields are read, as a job's cron-dialect: quartz (6/7 fields, 1 = SUN), spring (6 fields, 1 = MON) or unix (5 fields) (default: quartz, warning where day numbers are ambiguous)")
    String dialect;

    private final Clock clock;

    public CronCommand() {
        this(Clock.systemUTC());
    }

    CronCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (count < 1 || count > MAX_COUNT) throw new InvalidInputException("-n", "must be 1-" + MAX_COUNT);
        ZoneId zoneId = zone == null ? ZoneId.systemDefault() : zone(zone);
        Instant after = from == null ? clock.instant() : instant(from, zoneId);
        CronDialect cronDialect = dialect == null ? null : dialect(dialect);
        Schedule schedule;
        try {
            zoneId = Schedules.prefixZone(expression).orElse(zoneId);
            schedule = Schedules.parse(expression, zoneId, cronDialect);
        } catch (ScheduleException e) {
            throw new InvalidInputException("schedule", e.getMessage());
        }
        for (String warning : Schedules.warnings(expression, cronDialect)) {
            spec.commandLine().getErr().println("warning: " + warning);
        }
        spec.commandLine().getErr().flush();
        PrintWriter out = spec.commandLine().getOut();
        Instant previous = after;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = schedule.nextAfter(previous);
            if (next.isEmpty()) break;
            String time =
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(next.get().atZone(zoneId));
            out.println(schedule.clockNote(previous, next.get())
                    .map(note -> time + "  # " + note)
                    .orElse(time));
            previous = next.get();
        }
        out.println("# " + schedule.describe());
        out.flush();
        return Main.OK;
    }

    private static CronDialect dialect(String text) {
        return CronDialect.fromConfigName(text)
                .orElseThrow(() -> new InvalidInputException(
                        "--dialect", "'" + text + "' is not one of " + CronDialect.choices()));
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new InvalidInputException(
                    "--zone", "'" + text + "' is not a time zone; use a name like Europe/Berlin or UTC");
        }
    }

    /** An instant, an offset or zoned date-time, or a local date-time read in {@code zoneId}. */
    private static Instant instant(String text, ZoneId zoneId) {
        try {
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
            // A local time in an overlap takes the earlier offset, as ZonedDateTime does.
            return parsed instanceof ZonedDateTime zoned
                    ? zoned.toInstant()
                    : ((LocalDateTime) parsed).atZone(zoneId).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    "--from",
                    "'" + text
                            + "' is not an ISO-8601 instant; write it like 2026-03-29T01:00:00Z or 2026-03-29T03:00:00+02:00");
        }
    }
}
