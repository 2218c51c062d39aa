package io.jobwarden.engine.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day-of-month field: plain days plus Quartz's {@code L} (last day), {@code L-n} (n days before it),
 * {@code nW} (the weekday nearest day n) and {@code LW} / {@code L-nW}. Any mix may appear in one list; every
 * element counts, which is where Quartz goes wrong with lists (docs/semantics.md).
 */
final class DayOfMonthRule {
    private static final CronFieldType TYPE = CronFieldType.DAY_OF_MONTH;
    private static final Pattern LAST = Pattern.compile("L(?:-(\\d{1,6}))?(W?)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LAST_OFFSET = 30;

    private final BitSet days;
    private final BitSet lastOffsets;
    private final BitSet weekdaysNear;
    private final BitSet weekdaysNearLastOffsets;
    private final boolean wildcard;

    private DayOfMonthRule(
            BitSet days, BitSet lastOffsets, BitSet weekdaysNear, BitSet weekdaysNearLastOffsets, boolean wildcard) {
        this.days = days;
        this.lastOffsets = lastOffsets;
        this.weekdaysNear = weekdaysNear;
        this.weekdaysNearLastOffsets = weekdaysNearLastOffsets;
        this.wildcard = wildcard;
    }

    static DayOfMonthRule parse(String text) {
        BitSet days = new BitSet();
        BitSet lastOffsets = new BitSet();
        BitSet near = new BitSet();
        BitSet nearLast = new BitSet();
        if (text.equals("?")) {
            days.set(TYPE.min, TYPE.max + 1);
            return new DayOfMonthRule(days, lastOffsets, near, nearLast, true);
        }
        for (String element : CronFieldParser.elements(TYPE, text)) {
            Matcher last = LAST.matcher(element);
            if (element.equals("?")) {
                throw CronFieldParser.error(TYPE, "'?' must stand alone, but found '" + text + "'");
            } else if (last.matches()) {
                int offset = last.group(1) == null ? 0 : Integer.parseInt(last.group(1));
                if (offset > MAX_LAST_OFFSET) {
                    throw CronFieldParser.error(
                            TYPE,
                            "offset " + last.group(1) + " in '" + element + "' is out of range 0-" + MAX_LAST_OFFSET);
                }
                (last.group(2).isEmpty() ? lastOffsets : nearLast).set(offset);
            } else if (element.endsWith("W") || element.endsWith("w")) {
                String day = element.substring(0, element.length() - 1);
                if (!CronFieldParser.isNumber(day)) {
                    throw CronFieldParser.error(
                            TYPE, "'W' needs a single day before it, like 15W, but found '" + element + "'");
                }
                near.set(CronFieldParser.value(TYPE, day));
            } else if (element.startsWith("L") || element.startsWith("l")) {
                throw CronFieldParser.error(TYPE, "'" + element + "' is not L, L-n, LW or L-nW");
            } else {
                CronFieldParser.addElement(TYPE, element, days);
            }
        }
        return new DayOfMonthRule(days, lastOffsets, near, nearLast, text.startsWith("*"));
    }

    /** The matching days of one month as bits: bit d set when day d matches. */
    int matchingDays(int year, int month) {
        LocalDate first = LocalDate.of(year, month, 1);
        int length = first.lengthOfMonth();
        int mask = 0;
        for (int d = days.nextSetBit(1); d >= 1 && d <= length; d = days.nextSetBit(d + 1)) {
            mask |= 1 << d;
        }
        for (int n = lastOffsets.nextSetBit(0); n >= 0; n = lastOffsets.nextSetBit(n + 1)) {
            if (length - n >= 1) mask |= 1 << (length - n);
        }
        for (int d = weekdaysNear.nextSetBit(1); d >= 1 && d <= length; d = weekdaysNear.nextSetBit(d + 1)) {
            mask |= 1 << nearestWeekday(first, d);
        }
        for (int n = weekdaysNearLastOffsets.nextSetBit(0); n >= 0; n = weekdaysNearLastOffsets.nextSetBit(n + 1)) {
            if (length - n >= 1) mask |= 1 << nearestWeekday(first, length - n);
        }
        return mask;
    }

    /** Quartz's rule: the nearest Monday-to-Friday, never leaving the month (a Saturday 1st moves to Monday 3rd). */
    static int nearestWeekday(LocalDate firstOfMonth, int day) {
        DayOfWeek dow = firstOfMonth.withDayOfMonth(day).getDayOfWeek();
        int length = firstOfMonth.lengthOfMonth();
        if (dow == DayOfWeek.SATURDAY) return day == 1 ? 3 : day - 1;
        if (dow == DayOfWeek.SUNDAY) return day == length ? day - 2 : day + 1;
        return day;
    }

    /** Every day of every month, as {@code ?} or a plain {@code *}. */
    boolean isEveryDay() {
        return days.cardinality() == TYPE.max && !hasSpecials();
    }

    /** Written starting with {@code *} or as {@code ?}: Vixie cron then ANDs it with the day-of-week. */
    boolean isWildcard() {
        return wildcard;
    }

    boolean hasSpecials() {
        return !lastOffsets.isEmpty() || !weekdaysNear.isEmpty() || !weekdaysNearLastOffsets.isEmpty();
    }

    CronField plainDays() {
        return new CronField(TYPE, days, wildcard, false);
    }

    int[] lastOffsets() {
        return lastOffsets.stream().toArray();
    }

    int[] weekdaysNear() {
        return weekdaysNear.stream().toArray();
    }

    int[] weekdaysNearLastOffsets() {
        return weekdaysNearLastOffsets.stream().toArray();
    }
}
