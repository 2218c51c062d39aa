package io.jobwarden.engine.schedule;

import java.time.DayOfWeek;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Reads parsed cron fields back as plain English for {@code jobwarden cron} and the dashboard:
 * "at 02:30:00, on Monday through Friday", "every 5 minutes", "at second 0 of every 5th minute".
 * It reads the values the fields allow, not the text, so {@code 0/15} and {@code 0,15,30,45} read the same.
 */
final class CronDescriber {
    /** Up to this many times of day are listed as clock times ("at 09:00 and 17:00"). */
    private static final int MAX_LISTED_TIMES = 4;

    private CronDescriber() {}

    static String describe(CronFields fields) {
        List<String> parts = new ArrayList<>();
        boolean clockTimes = listsClockTimes(fields);
        parts.add(clockTimes ? clockTimes(fields) : timeOfDay(fields));
        boolean namedDate = fields.daysOfWeek().isEveryDay()
                && fields.months().isSingle()
                && !fields.daysOfMonth().hasSpecials()
                && fields.daysOfMonth().plainDays().isSingle();
        if (namedDate) {
            parts.add("on " + fields.daysOfMonth().plainDays().first() + " "
                    + monthName(fields.months().first()));
        } else {
            String days = days(fields);
            if (!days.isEmpty()) parts.add(days);
            else if (clockTimes) parts.add("every day");
            if (!fields.months().isAll()) parts.add("in " + runs(fields.months().toArray(), CronDescriber::monthName));
        }
        if (!fields.years().isAll()) parts.add(years(fields.years()));
        return String.join(", ", parts);
    }

    private static boolean listsClockTimes(CronFields fields) {
        long times = (long) fields.seconds().count()
                * fields.minutes().count()
                * fields.hours().count();
        return !fields.hours().isAll() && times <= MAX_LISTED_TIMES;
    }

    private static String clockTimes(CronFields fields) {
        List<String> times = new ArrayList<>();
        for (int hour : fields.hours().toArray()) {
            for (int minute : fields.minutes().toArray()) {
                for (int second : fields.seconds().toArray()) {
                    String time = String.format(Locale.ROOT, "%02d:%02d", hour, minute);
                    times.add(fields.unixSyntax() ? time : time + String.format(Locale.ROOT, ":%02d", second));
                }
            }
        }
        return "at " + joinAnd(times);
    }

    /** "at second 0 of every 5th minute": the parts from seconds up, where a repeating part makes the rest obvious. */
    private static String timeOfDay(CronFields fields) {
        List<UnitPhrase> units = new ArrayList<>();
        if (!fields.unixSyntax()) units.add(UnitPhrase.of(fields.seconds(), "second"));
        List<UnitPhrase> larger =
                List.of(UnitPhrase.of(fields.minutes(), "minute"), UnitPhrase.of(fields.hours(), "hour"));
        for (UnitPhrase unit : larger) {
            // "every second of every minute" says no more than "every second"
            boolean redundant = unit.all && !units.isEmpty() && units.get(units.size() - 1).all;
            if (!redundant) units.add(unit);
        }
        while (units.size() > 1 && units.get(units.size() - 1).all && units.get(units.size() - 2).repeating) {
            units.remove(units.size() - 1);
        }
        StringBuilder text = new StringBuilder(units.get(0).head);
        for (UnitPhrase unit : units.subList(1, units.size()))
            text.append(" of ").append(unit.inner);
        return text.toString();
    }

    /** One time unit read alone: {@code head} when it leads the sentence, {@code inner} after "of". */
    private record UnitPhrase(String head, String inner, boolean all, boolean repeating) {
        static UnitPhrase of(CronField field, String unit) {
            int[] values = field.toArray();
            if (field.isAll()) return new UnitPhrase("every " + unit, "every " + unit, true, true);
            if (values.length == 1) {
                return new UnitPhrase("at " + unit + " " + values[0], unit + " " + values[0], false, false);
            }
            int step = step(values);
            if (values.length == 2
                    && values[0] < values[1] - values[0]
                    && values[1] + (values[1] - values[0]) > field.type().max) {
                step = values[1] - values[0]; // 0 and 30 is every 30, as much as 0, 20 and 40 is every 20
            }
            if (step > 1) {
                int first = values[0];
                int last = values[values.length - 1];
                String range = last + step > field.type().max
                        ? (first == field.type().min ? "" : " starting at " + unit + " " + first)
                        : " from " + unit + " " + first + " through " + last;
                return new UnitPhrase(
                        "every " + step + " " + unit + "s" + range,
                        "every " + ordinal(step) + " " + unit + range,
                        false,
                        true);
            }
            String list = unit + "s " + runs(values, Integer::toString);
            return new UnitPhrase("at " + list, list, false, false);
        }
    }

    private static String days(CronFields fields) {
        DayOfMonthRule dom = fields.daysOfMonth();
        DayOfWeekRule dow = fields.daysOfWeek();
        boolean byMonthDay = !dom.isEveryDay();
        boolean byWeekDay = !dow.isEveryDay();
        if (byMonthDay && byWeekDay) {
            return "on " + monthDays(dom) + (fields.eitherDay() ? " or on " : " that falls on ") + weekDays(dow);
        }
        if (byMonthDay) return "on " + monthDays(dom);
        if (byWeekDay) return "on " + weekDays(dow);
        return "";
    }

    private static String monthDays(DayOfMonthRule dom) {
        List<String> items = new ArrayList<>();
        CronField plain = dom.plainDays();
        int[] days = plain.toArray();
        int step = step(days);
        if (step > 1 && days[0] <= step && days[days.length - 1] + step > 31) {
            items.add("every " + ordinal(step) + " day" + (days[0] == 1 ? "" : " from day " + days[0]));
        } else if (days.length > 0) {
            items.add((days.length == 1 ? "day " : "days ") + runs(days, Integer::toString));
        }
        for (int offset : dom.lastOffsets()) items.add(lastDay(offset));
        for (int day : dom.weekdaysNear()) items.add("the weekday nearest day " + day);
        for (int offset : dom.weekdaysNearLastOffsets()) {
            items.add(offset == 0 ? "the last weekday" : "the weekday nearest " + lastDay(offset));
        }
        return joinAnd(items) + " of the month";
    }

    private static String lastDay(int offset) {
        return offset == 0 ? "the last day" : "the " + ordinal(offset + 1) + "-to-last day";
    }

    private static String weekDays(DayOfWeekRule dow) {
        List<String> items = new ArrayList<>();
        int[] plain = dow.days().stream().mapToInt(DayOfWeek::getValue).toArray();
        if (plain.length > 0) items.add(runs(plain, CronDescriber::dayName));
        for (DayOfWeekRule.Nth nth : dow.nths()) {
            items.add(
                    "the " + WEEK_ORDINALS[nth.week()] + " " + dayName(nth.day().getValue()) + " of the month");
        }
        for (DayOfWeek last : dow.lasts()) items.add("the last " + dayName(last.getValue()) + " of the month");
        return joinAnd(items);
    }

    private static final String[] WEEK_ORDINALS = {"", "first", "second", "third", "fourth", "fifth"};

    private static String years(CronField years) {
        int[] values = years.toArray();
        int step = step(values);
        if (step > 1) {
            boolean toEnd = values[values.length - 1] + step > CronFieldType.LAST_YEAR;
            return "every " + ordinal(step) + " year from " + values[0]
                    + (toEnd ? "" : " through " + values[values.length - 1]);
        }
        return "in " + runs(values, Integer::toString);
    }

    /** The common difference of three or more evenly spaced values, else 0. */
    private static int step(int[] values) {
        if (values.length < 3) return 0;
        int step = values[1] - values[0];
        for (int i = 2; i < values.length; i++) {
            if (values[i] - values[i - 1] != step) return 0;
        }
        return step;
    }

    /** "1, 3 and 9 through 17": runs of three or more consecutive values read as ranges. */
    private static String runs(int[] values, IntFunction<String> name) {
        List<String> items = new ArrayList<>();
        int i = 0;
        while (i < values.length) {
            int j = i;
            while (j + 1 < values.length && values[j + 1] == values[j] + 1) j++;
            if (j - i >= 2) {
                items.add(name.apply(values[i]) + " through " + name.apply(values[j]));
            } else {
                for (int k = i; k <= j; k++) items.add(name.apply(values[k]));
            }
            i = j + 1;
        }
        return joinAnd(items);
    }

    private static String joinAnd(List<String> items) {
        if (items.size() == 1) return items.get(0);
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String ordinal(int n) {
        int lastTwo = n % 100;
        if (lastTwo >= 11 && lastTwo <= 13) return n + "th";
        return switch (n % 10) {
            case 1 -> n + "st";
            case 2 -> n + "nd";
            case 3 -> n + "rd";
            default -> n + "th";
        };
    }

    private static String monthName(int month) {
        return Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String dayName(int isoDay) {
        return DayOfWeek.of(isoDay).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
}
