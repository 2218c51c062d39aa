package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.fail;

import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Quartz's {@link CronExpression} as the reference, with the places docs/semantics.md says it is wrong filtered out
 * precisely: each comparison that differs must be explained by one of them, or the test fails.
 */
final class QuartzOracle {
    /** Quartz misreads local times near a DST transition; a comparison is skipped only when one is this close. */
    private static final Duration DST_MARGIN = Duration.ofHours(3);

    private static final Pattern NEAR_DAY = Pattern.compile("(\\d+)W");
    private static final Pattern NEAR_LAST = Pattern.compile("L(?:-(\\d+))?W");
    private static final Pattern LAST_OFFSET = Pattern.compile("L-(\\d+)");

    enum Outcome {
        AGREED,
        SKIPPED_NEAR_DST,
        SKIPPED_BEYOND_QUARTZ_MAX_YEAR,
        QUARTZ_DROPPED_W_FIRE,
        QUARTZ_DROPPED_L_N_IN_LIST
    }

    private final CronExpression quartz;
    private final ZoneId zone;

    QuartzOracle(String quartzExpression, ZoneId zone) {
        try {
            this.quartz = new CronExpression(quartzExpression);
        } catch (ParseException e) {
            throw new AssertionError("Quartz rejects '" + quartzExpression + "': " + e.getMessage(), e);
        }
        this.quartz.setTimeZone(TimeZone.getTimeZone(zone));
        this.zone = zone;
    }

    Optional<Instant> next(Instant after) {
        return Optional.ofNullable(quartz.getNextValidTimeAfter(Date.from(after)))
                .map(Date::toInstant);
    }

    /** Judges our answer against Quartz's; fails the test when the difference is not one of the known Quartz errors. */
    Outcome judge(Schedule ours, Instant after, Optional<Instant> mine, Optional<Instant> theirs) {
        if (mine.equals(theirs)) return Outcome.AGREED;
        Instant latest = mine.isEmpty()
                ? theirs.get()
                : theirs.isEmpty() || mine.get().isAfter(theirs.get()) ? mine.get() : theirs.get();
        if (touchesTransition(zone, after.minus(DST_MARGIN), latest)) return Outcome.SKIPPED_NEAR_DST;
        if (theirs.isEmpty() && mine.get().atZone(zone).getYear() >= CronExpression.MAX_YEAR) {
            return Outcome.SKIPPED_BEYOND_QUARTZ_MAX_YEAR;
        }
        if (mine.isPresent()) {
            String dayOfMonth = quartz.getCronExpression().split("\\s+")[3];
            YearMonth month = YearMonth.from(mine.get().atZone(zone));
            if (quartzDropped(ours, mine.get(), theirs, weekdayDates(dayOfMonth, month))) {
                return Outcome.QUARTZ_DROPPED_W_FIRE;
            }
            if (quartzDropped(ours, mine.get(), theirs, lastOffsetDatesInList(dayOfMonth, month))) {
                return Outcome.QUARTZ_DROPPED_L_N_IN_LIST;
            }
        }
        return fail("'%s' in %s after %s: ours %s, Quartz %s", ours.expression(), zone, after, mine, theirs);
    }

    static boolean touchesTransition(ZoneId zone, Instant from, Instant to) {
        ZoneOffsetTransition next = zone.getRules().nextTransition(from);
        return next != null && !next.getInstant().isAfter(to);
    }

    /**
     * Quartz skips some fires on the days docs/semantics.md names: W days (a nearest weekday after day n when the search
     * starts between them, the other times of day of a W day, the later W days of a list) and L-n days in a list.
     * Explained only if our fire is on such a day, comes before Quartz's, and Quartz's answer is also one of our
     * fires (Quartz dropped fires, it did not invent any).
     */
    private boolean quartzDropped(Schedule ours, Instant mine, Optional<Instant> theirs, Set<LocalDate> days) {
        if (!days.contains(mine.atZone(zone).toLocalDate())) return false;
        if (theirs.isEmpty()) return true;
        if (!theirs.get().isAfter(mine)) return false;
        return ours.nextAfter(theirs.get().minusSeconds(1)).equals(theirs);
    }

    /** The dates the L-n elements of a day-of-month list name in one month; none when the field is not a list. */
    static Set<LocalDate> lastOffsetDatesInList(String dayOfMonth, YearMonth month) {
        Set<LocalDate> dates = new HashSet<>();
        if (!dayOfMonth.contains(",")) return dates;
        for (String element : dayOfMonth.toUpperCase(Locale.ROOT).split(",")) {
            Matcher last = LAST_OFFSET.matcher(element);
            if (last.matches() && month.lengthOfMonth() - Integer.parseInt(last.group(1)) >= 1) {
                dates.add(month.atDay(month.lengthOfMonth() - Integer.parseInt(last.group(1))));
            }
        }
        return dates;
    }

    /** The dates the W elements of a day-of-month field (nW, LW, L-nW) name in one month. */
    static Set<LocalDate> weekdayDates(String dayOfMonth, YearMonth month) {
        Set<LocalDate> dates = new HashSet<>();
        int length = month.lengthOfMonth();
        for (String element : List.of(dayOfMonth.toUpperCase(Locale.ROOT).split(","))) {
            Matcher day = NEAR_DAY.matcher(element);
            Matcher last = NEAR_LAST.matcher(element);
            int base = day.matches()
                    ? Integer.parseInt(day.group(1))
                    : last.matches() ? length - (last.group(1) == null ? 0 : Integer.parseInt(last.group(1))) : 0;
            if (base >= 1 && base <= length) dates.add(month.atDay(nearestWeekday(month, base)));
        }
        return dates;
    }

    private static int nearestWeekday(YearMonth month, int day) {
        DayOfWeek dow = month.atDay(day).getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY) return day == 1 ? 3 : day - 1;
        if (dow == DayOfWeek.SUNDAY) return day == month.lengthOfMonth() ? day - 2 : day + 1;
        return day;
    }
}
