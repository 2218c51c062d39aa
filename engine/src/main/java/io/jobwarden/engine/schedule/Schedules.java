package io.jobwarden.engine.schedule;

import io.jobwarden.engine.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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
     * @param zone       the zone cron fields are read in
     * @throws ScheduleException naming the bad field and value
     */
    public static Schedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        if (expression == null || expression.isBlank()) {
            throw new ScheduleException("a schedule is required, like '0 0 2 * * ?', '@daily' or '@every 30s'");
        }
        String text = expression.strip();
        if (!text.startsWith("@")) return new CronSchedule(expression, zone, CronExpressionParser.parse(text));
        String[] words = text.split("\\s+", 2);
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
            at = OffsetDateTime.parse(argument).toInstant();
        } catch (DateTimeParseException e) {
            String problem = hasNoOffset(argument) ? "' has no offset" : "' is not an ISO-8601 date-time with offset";
            throw new ScheduleException("@at: '" + argument + problem + "; write it like 2026-12-01T02:00:00+08:00");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new ScheduleException(
                    "@at: '" + argument + "' is out of range; use an instant from " + EARLIEST + " to " + LATEST);
        }
        return new OneShotSchedule(expression, argument, at);
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
