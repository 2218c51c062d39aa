package io.jobwarden.engine.schedule;

import io.jobwarden.engine.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Parses every schedule syntax of docs/cron.md into a {@link Schedule}. */
public final class Schedules {
    /** Vixie cron's macros, as the 5-field expressions they stand for. */
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final String KEYWORDS =
            "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every D, @delay D or @at INSTANT";
    /** Longer periods are surely typos, and millisecond arithmetic on them could overflow. */
    private static final Duration LONGEST = Duration.ofDays(36_500);
    /**
     * The instants an {@code @at} may name. Stores keep epoch milliseconds in a long, which overflows near year
     * 292 million; anything past 9999 or before the epoch is a typo rather than a plan.
     */
    public static final Instant EARLIEST = Instant.EPOCH;

    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Schedules() {}

    /**
     * @param expression Quartz cron (6/7 fields), Unix cron (5 fields), a macro ({@code @daily}), {@code @every D},
     *                   {@code @delay D} or {@code @at INSTANT}
     * @param zone       the zone cron fields are read in, unless the expression has a zone prefix
     * @throws ScheduleException naming the bad field and value
     */
    public static Schedule parse(String expression, ZoneId zone) {
        return parse(expression, zone, CronDialect.QUARTZ);
    }

    /**
     * @param zone    the zone cron fields are read in, unless the expression starts with {@code CRON_TZ=Zone} or
     *                {@code TZ=Zone}
     * @param dialect how cron fields are read; null for the default, {@link CronDialect#QUARTZ}
     * @throws ScheduleException naming the bad field and value
     */
    public static Schedule parse(String expression, ZoneId zone, CronDialect dialect) {
        Objects.requireNonNull(zone, "zone");
        if (expression == null || expression.isBlank()) {
            throw new ScheduleException("a schedule is required, like '0 0 2 * * ?', '@daily' or '@every 30s'");
        }
        ZonePrefix prefix = ZonePrefix.split(expression.strip());
        if (prefix.zone() != null) zone = prefix.zone();
        String text = prefix.rest();
        if (text.isEmpty()) throw new ScheduleException("a schedule is required after the zone prefix");
        CronDialect cronDialect = dialect == null ? CronDialect.QUARTZ : dialect;
        if (!text.startsWith("@")) {
            return new CronSchedule(expression, zone, CronExpressionParser.parse(text, cronDialect));
        }
        String[] words = CronExpressionParser.BLANKS.split(text, 2);
        String keyword = words[0].toLowerCase(Locale.ROOT);
        String argument = words.length > 1 ? words[1] : "";
        String macro = MACROS.get(keyword);
        if (macro != null) {
            if (!argument.isEmpty()) {
                throw new ScheduleException(keyword + " takes no argument, but found '" + argument + "'");
            }
            return new CronSchedule(expression, zone, CronExpressionParser.parse(macro));
        }
        return switch (keyword) {
            case "@every" -> new FixedRateSchedule(expression, period(keyword, argument));
            case "@delay" -> new FixedDelaySchedule(expression, period(keyword, argument));
            case "@at" -> oneShot(expression, argument);
            default -> throw new ScheduleException("unknown schedule '" + words[0] + "'; use " + KEYWORDS);
        };
    }

    /**
     * The zone a {@code CRON_TZ=Zone } or {@code TZ=Zone } prefix names, if the expression has one.
     *
     * @throws ScheduleException when the prefix names no zone
     */
    public static Optional<ZoneId> prefixZone(String expression) {
        return expression == null
                ? Optional.empty()
                : Optional.ofNullable(ZonePrefix.split(expression.strip()).zone());
    }

    /**
     * What may be misread, without being wrong: a 6/7-field expression with day-of-week numbers and no dialect
     * chosen means different days to a Quartz and a Spring user. Empty when {@code chosen} is not null or the
     * expression does not parse.
     */
    public static List<String> warnings(String expression, CronDialect chosen) {
        if (chosen != null || expression == null) return List.of();
        try {
            String text = ZonePrefix.split(expression.strip()).rest();
            String[] parts = CronExpressionParser.BLANKS.split(text);
            if (text.startsWith("@") || parts.length < 6) return List.of();
            CronExpressionParser.parse(text, CronDialect.QUARTZ);
            return DayNumbering.warning(parts[5]).map(List::of).orElse(List.of());
        } catch (ScheduleException e) {
            return List.of();
        }
    }

    private static Duration period(String keyword, String argument) {
        if (argument.isEmpty()) {
            throw new ScheduleException(keyword + ": a duration is required, like " + keyword + " 30s");
        }
        Duration period;
        try {
            period = Durations.parse(argument);
        } catch (IllegalArgumentException e) {
            throw new ScheduleException(keyword + ": " + e.getMessage());
        }
        if (period.isZero()) throw new ScheduleException(keyword + ": '" + argument + "' must be positive");
        if (period.compareTo(LONGEST) > 0) {
            throw new ScheduleException(
                    keyword + ": '" + argument + "' is too long; the most is " + Durations.format(LONGEST));
        }
        return period;
    }

    private static Schedule oneShot(String expression, String argument) {
        if (argument.isEmpty()) {
            throw new ScheduleException("@at: a date-time with offset is required, like @at 2026-12-01T02:00:00+08:00");
        }
        Instant at;
        try {
            at = IsoInstantParser.parse(argument);
        } catch (DateTimeParseException e) {
            String problem = hasNoOffset(argument) ? "' has no offset" : "' is not an ISO-8601 date-time with offset";
            throw new ScheduleException("@at: '" + argument + problem + "; write it like 2026-12-01T02:00:00+08:00");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new ScheduleException(
                    "@at: '" + argument + "' is out of range; use an instant from " + EARLIEST + " to " + LATEST);
        }
        // The store keeps instants in milliseconds, cut to the millisecond: a finer instant would never equal its own
        // stored fire, and the schedule would give a second one (or plan the same one again at every pass).
        return new OneShotSchedule(expression, argument, at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    private static boolean hasNoOffset(String argument) {
        try {
            LocalDateTime.parse(argument);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
