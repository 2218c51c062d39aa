package io.jobwarden.engine.schedule;

import java.util.List;

/**
 * One position of a cron expression: its name in messages, its range and, for months and days, the names users
 * may type instead of numbers. Day-of-week exists three times because Quartz counts 1 = SUN … 7 = SAT, Unix counts
 * 0 or 7 = SUN … 6 = SAT, and Spring counts as Unix but reads {@code *} as 1-7 (MON-SUN), so {@code *}/2 differs.
 */
enum CronFieldType {
    SECOND("seconds", 0, 59, List.of()),
    MINUTE("minutes", 0, 59, List.of()),
    HOUR("hours", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    DAY_OF_WEEK_QUARTZ("day-of-week", 1, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
    DAY_OF_WEEK_UNIX("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
    DAY_OF_WEEK_SPRING("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
    YEAR("year", 1970, CronFieldType.LAST_YEAR, List.of());

    /** The search horizon: no schedule fires after this year, so a search for a fire that never comes ends. */
    static final int LAST_YEAR = 2299;

    final String label;
    final int min;
    final int max;
    /** Names in order; the first name stands for {@link #min}. */
    final List<String> names;

    CronFieldType(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** How many distinct values a wrapping range ({@code 22-2}, {@code FRI-MON}) cycles through. */
    int cycle() {
        return this == DAY_OF_WEEK_UNIX || this == DAY_OF_WEEK_SPRING ? 7 : max - min + 1;
    }

    /** Where {@code *} (and so {@code *}/n) starts: Spring's day-of-week {@code *} is MON-SUN, 1-7. */
    int starFrom() {
        return this == DAY_OF_WEEK_SPRING ? 1 : min;
    }

    /** The largest step that still means something, as Quartz checks it: 59 for seconds, 7 for days of week. */
    int maxStep() {
        return this == YEAR ? max - min : max;
    }

    boolean isDayOfWeek() {
        return this == DAY_OF_WEEK_QUARTZ || this == DAY_OF_WEEK_UNIX || this == DAY_OF_WEEK_SPRING;
    }

    /** The value a name stands for, or -1. */
    int valueOfName(String name) {
        int index = names.indexOf(name);
        if (index < 0) return -1;
        // Spring numbers names from MON = 1 to SUN = 7, so SUN ends a range (MON-SUN, 0-SUN) instead of starting it.
        if (this == DAY_OF_WEEK_SPRING && index == 0) return 7;
        return min + index;
    }

    /** What a value may look like, for messages: "a day name (SUN-SAT) or number 1-7". */
    String expectation() {
        String numbers = "number " + min + "-" + max;
        if (this == MONTH) return "a month name (JAN-DEC) or " + numbers;
        if (isDayOfWeek()) return "a day name (SUN-SAT) or " + numbers;
        return "a " + numbers;
    }
}
