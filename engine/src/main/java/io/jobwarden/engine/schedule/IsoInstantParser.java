package io.jobwarden.engine.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 date-times with an offset, as {@code @at} takes them, read into an instant.
 *
 * <p>Planning reads the instant of every due one-shot job, and {@link OffsetDateTime#parse} spends most of its time in
 * its general field resolver: in a burst of one-shots it was a tenth of the scheduling thread. So the forms people
 * and programs write ({@code 2026-12-01T02:00:00Z}, {@code 2026-12-01T02:00+08:00}, with or without a fraction of a
 * second) are read here by hand, with every field checked against its range. Anything else, valid or not, goes to
 * {@link OffsetDateTime#parse}, which stays the one definition of what is accepted and of its errors.
 */
final class IsoInstantParser {
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    /** {@code yyyy-MM-ddTHH:mmZ}, the shortest form read here. */
    private static final int SHORTEST = 17;

    private IsoInstantParser() {}

    /** @throws DateTimeParseException as {@link OffsetDateTime#parse} does */
    static Instant parse(String text) {
        Instant instant = common(text);
        return instant != null ? instant : OffsetDateTime.parse(text).toInstant();
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]} followed by {@code Z} or {@code ±HH:mm}, each field in
     * range; null for any other text, which may still be valid ISO-8601 (lower-case letters, a year of five digits,
     * an offset with seconds, hour 24).
     */
    static Instant common(String s) {
        int n = s.length();
        if (n < SHORTEST) return null;
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
            return null;
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':') return null;
        if (day > Month.of(month).length(Year.isLeap(year))) return null;
        int i = 16;
        int second = 0;
        int nanos = 0;
        if (s.charAt(i) == ':') {
            second = i + 3 <= n ? digits(s, i + 1, 2) : -1;
            if (second < 0 || second > 59) return null;
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
                int length = i - start;
                if (length < 1 || length > 9) return null;
                nanos = digits(s, start, length) * POWERS_OF_TEN[9 - length];
            }
        }
        int offsetSeconds = offsetSeconds(s, i);
        if (offsetSeconds == Integer.MIN_VALUE) return null;
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The offset that makes up the rest of {@code s} from {@code i}, or {@code Integer.MIN_VALUE}. */
    private static int offsetSeconds(String s, int i) {
        int n = s.length();
        if (i == n - 1 && s.charAt(i) == 'Z') return 0;
        if (i != n - 6 || s.charAt(i + 3) != ':') return Integer.MIN_VALUE;
        char sign = s.charAt(i);
        int hours = digits(s, i + 1, 2);
        int minutes = digits(s, i + 4, 2);
        // Up to 17:59; +18:00 and beyond are left to the general parser, which knows the exact limit.
        if ((sign != '+' && sign != '-') || hours < 0 || hours > 17 || minutes < 0 || minutes > 59)
            return Integer.MIN_VALUE;
        int seconds = hours * 3_600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    /** The number written by {@code length} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
