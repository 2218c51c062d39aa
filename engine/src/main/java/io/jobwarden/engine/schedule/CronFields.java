package io.jobwarden.engine.schedule;

import java.time.LocalDateTime;

/**
 * A parsed cron expression, read in local (wall-clock) time; {@link CronSchedule} maps it onto instants.
 *
 * @param eitherDay   the Vixie rule of 5-field expressions: both day fields restricted, so a day matching either fires
 * @param unixSyntax  written in 5 fields, so the seconds field (always 0) is implied
 */
record CronFields(
        CronField seconds,
        CronField minutes,
        CronField hours,
        DayOfMonthRule daysOfMonth,
        CronField months,
        DayOfWeekRule daysOfWeek,
        CronField years,
        boolean eitherDay,
        boolean unixSyntax) {

    /**
     * The first local date-time at or after {@code from} (taken to the whole second) that matches every field, or
     * null when none comes before the end of {@link CronFieldType#LAST_YEAR}. Works field by field, from the year
     * down, jumping to the next allowed value of the first field that does not match.
     */
    LocalDateTime nextMatch(LocalDateTime from) {
        int year = from.getYear();
        int month = from.getMonthValue();
        int day = from.getDayOfMonth();
        int hour = from.getHour();
        int minute = from.getMinute();
        int second = from.getSecond() + (from.getNano() > 0 ? 1 : 0);
        while (true) {
            int nextYear = years.next(year);
            if (nextYear < 0) return null;
            if (nextYear != year) {
                year = nextYear;
                month = 1;
                day = 1;
                hour = minute = second = 0;
            }
            int nextMonth = months.next(month);
            if (nextMonth < 0) {
                year++;
                month = 1;
                day = 1;
                hour = minute = second = 0;
                continue;
            }
            if (nextMonth != month) {
                month = nextMonth;
                day = 1;
                hour = minute = second = 0;
            }
            int nextDay = nextDay(year, month, day);
            if (nextDay < 0) {
                month++;
                day = 1;
                hour = minute = second = 0;
                continue;
            }
            if (nextDay != day) {
                day = nextDay;
                hour = minute = second = 0;
            }
            int nextHour = hours.next(hour);
            if (nextHour < 0) {
                day++;
                hour = minute = second = 0;
                continue;
            }
            if (nextHour != hour) {
                hour = nextHour;
                minute = second = 0;
            }
            int nextMinute = minutes.next(minute);
            if (nextMinute < 0) {
                hour++;
                minute = second = 0;
                continue;
            }
            if (nextMinute != minute) {
                minute = nextMinute;
                second = 0;
            }
            int nextSecond = seconds.next(second);
            if (nextSecond < 0) {
                minute++;
                second = 0;
                continue;
            }
            return LocalDateTime.of(year, month, day, hour, minute, nextSecond);
        }
    }

    /** The first matching day of the month at or after {@code day}, or -1. Month 13 and day 32 are simply none. */
    private int nextDay(int year, int month, int day) {
        if (month > 12 || day > 31) return -1;
        int candidates = matchingDays(year, month) & (-1 << day);
        return candidates == 0 ? -1 : Integer.numberOfTrailingZeros(candidates);
    }

    /** The matching days of one month as bits (bit d for day d), combining the two day fields. */
    int matchingDays(int year, int month) {
        int byMonthDay = daysOfMonth.matchingDays(year, month);
        int byWeekDay = daysOfWeek.matchingDays(year, month);
        return eitherDay ? byMonthDay | byWeekDay : byMonthDay & byWeekDay;
    }
}
