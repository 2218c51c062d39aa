package io.jobwarden.engine.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The day-of-week field: plain days plus {@code nL} (the last such day of the month) and {@code n#k} (the k-th
 * such day). Days are kept as {@link DayOfWeek}, so the Quartz (1 = SUN) and Unix (0 = SUN) numberings are
 * settled once, while parsing.
 */
final class DayOfWeekRule {
    /** The k-th {@code day} of the month, k from 1 to 5. */
    record Nth(DayOfWeek day, int week) {}

    private final Set<DayOfWeek> days;
    private final List<Nth> nths;
    private final Set<DayOfWeek> lasts;
    private final boolean wildcard;

    private DayOfWeekRule(EnumSet<DayOfWeek> days, List<Nth> nths, EnumSet<DayOfWeek> lasts, boolean wildcard) {
        this.days = Collections.unmodifiableSet(EnumSet.copyOf(days));
        this.nths = List.copyOf(nths);
        this.lasts = Collections.unmodifiableSet(EnumSet.copyOf(lasts));
        this.wildcard = wildcard;
    }

    /** @param type one of the day-of-week types of {@link CronFieldType} */
    static DayOfWeekRule parse(String text, CronFieldType type) {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<Nth> nths = new ArrayList<>();
        EnumSet<DayOfWeek> lasts = EnumSet.noneOf(DayOfWeek.class);
        if (text.equals("?")) return new DayOfWeekRule(EnumSet.allOf(DayOfWeek.class), nths, lasts, true);
        for (String element : CronFieldParser.elements(type, text)) {
            int hash = element.indexOf('#');
            if (element.equals("?")) {
                throw CronFieldParser.error(type, "'?' must stand alone, but found '" + text + "'");
            } else if (element.equalsIgnoreCase("L")) {
                days.add(DayOfWeek.SATURDAY); // Quartz reads a lone L as the last day of the week
            } else if (hash >= 0) {
                String week = element.substring(hash + 1);
                if (!week.matches("[1-5]")) {
                    throw CronFieldParser.error(
                            type, "'#' needs a week 1-5 after it, like 6#3, but found '" + element + "'");
                }
                nths.add(new Nth(day(type, element.substring(0, hash)), Integer.parseInt(week)));
            } else if (element.toUpperCase(Locale.ROOT).startsWith("L")) {
                throw CronFieldParser.error(
                        type,
                        "'" + element + "' is not a day of the week; use L alone (Saturday)"
                                + " or nL for the last such day of the month, like 6L");
            } else if (element.length() > 1 && (element.endsWith("L") || element.endsWith("l"))) {
                lasts.add(day(type, element.substring(0, element.length() - 1)));
            } else {
                BitSet values = new BitSet();
                CronFieldParser.addElement(type, element, values);
                values.stream().forEach(v -> days.add(toDayOfWeek(type, v)));
            }
        }
        return new DayOfWeekRule(days, nths, lasts, text.startsWith("*"));
    }

    private static DayOfWeek day(CronFieldType type, String token) {
        return toDayOfWeek(type, CronFieldParser.value(type, token));
    }

    private static DayOfWeek toDayOfWeek(CronFieldType type, int value) {
        if (type == CronFieldType.DAY_OF_WEEK_QUARTZ) return value == 1 ? DayOfWeek.SUNDAY : DayOfWeek.of(value - 1);
        return value == 0 || value == 7 ? DayOfWeek.SUNDAY : DayOfWeek.of(value);
    }

    /** The matching days of one month as bits: bit d set when day d matches. */
    int matchingDays(int year, int month) {
        LocalDate first = LocalDate.of(year, month, 1);
        int length = first.lengthOfMonth();
        int firstDow = first.getDayOfWeek().getValue();
        int mask = 0;
        if (!days.isEmpty()) {
            for (int d = 1; d <= length; d++) {
                if (days.contains(DayOfWeek.of((firstDow + d - 2) % 7 + 1))) mask |= 1 << d;
            }
        }
        for (Nth nth : nths) {
            int day = firstOccurrence(firstDow, nth.day()) + 7 * (nth.week() - 1);
            if (day <= length) mask |= 1 << day;
        }
        for (DayOfWeek last : lasts) {
            int day = firstOccurrence(firstDow, last);
            mask |= 1 << (day + 7 * ((length - day) / 7));
        }
        return mask;
    }

    private static int firstOccurrence(int firstDow, DayOfWeek day) {
        return 1 + Math.floorMod(day.getValue() - firstDow, 7);
    }

    /** Every day of the week, as {@code ?} or a plain {@code *}. */
    boolean isEveryDay() {
        return days.size() == 7;
    }

    /** Written starting with {@code *} or as {@code ?}: Vixie cron then ANDs it with the day-of-month. */
    boolean isWildcard() {
        return wildcard;
    }

    Set<DayOfWeek> days() {
        return days;
    }

    List<Nth> nths() {
        return nths;
    }

    Set<DayOfWeek> lasts() {
        return lasts;
    }
}
