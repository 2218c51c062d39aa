package io.jobwarden.engine.schedule;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two readings of day-of-week numbers in a 6-field expression: Quartz counts 1 = SUN, Spring and robfig/cron
 * 1 = MON. Both are valid, so a number pasted from the other world silently fires on other days.
 */
final class DayNumbering {

    private DayNumbering() {}

    /** The warning for a day-of-week field whose numbers mean different days in Quartz and Spring, if they do. */
    static Optional<String> warning(String dayOfWeek) {
        if (!hasDigit(dayOfWeek)) return Optional.empty();
        String quartz = reading(dayOfWeek, CronFieldType.DAY_OF_WEEK_QUARTZ);
        String spring = reading(dayOfWeek, CronFieldType.DAY_OF_WEEK_SPRING);
        if (quartz.equals(spring)) return Optional.empty();
        return Optional.of("day-of-week '" + dayOfWeek + "' = " + quartz + " in Quartz; " + spring
                + " in Spring: set cron-dialect: quartz or spring");
    }

    private static String reading(String text, CronFieldType type) {
        DayOfWeekRule rule;
        try {
            rule = DayOfWeekRule.parse(text, type);
        } catch (ScheduleException e) {
            return "invalid (" + e.getMessage() + ")";
        }
        List<String> parts = new ArrayList<>(runs(rule));
        rule.nths().forEach(n -> parts.add(name(n.day()) + "#" + n.week()));
        rule.lasts().forEach(d -> parts.add("last " + name(d)));
        return String.join(",", parts);
    }

    /** Plain days as runs in week order from Sunday: SUN-THU, MON,WED,FRI. */
    private static List<String> runs(DayOfWeekRule rule) {
        List<String> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= 7; i++) {
            boolean in = i < 7 && rule.days().contains(fromSunday(i));
            if (in && start < 0) start = i;
            if (!in && start >= 0) {
                String first = name(fromSunday(start));
                runs.add(i - 1 == start ? first : first + (i - 1 == start + 1 ? "," : "-") + name(fromSunday(i - 1)));
                start = -1;
            }
        }
        return runs;
    }

    private static DayOfWeek fromSunday(int index) {
        return DayOfWeek.SUNDAY.plus(index);
    }

    private static String name(DayOfWeek day) {
        return day.name().substring(0, 3);
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') return true;
        }
        return false;
    }
}
