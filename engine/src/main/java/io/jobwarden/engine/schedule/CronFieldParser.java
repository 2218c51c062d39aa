package io.jobwarden.engine.schedule;

import java.util.BitSet;
import java.util.Locale;

/**
 * Reads the plain syntax every cron field shares: lists ({@code 1,5}), {@code *}, ranges ({@code 1-5}, wrapping as
 * in Quartz: {@code 22-2}), steps ({@code *}{@code /5}, {@code 10/5}, {@code 1-30/5}) and month or day names in any
 * case. Every failure is a {@link ScheduleException} naming the field and the value as the user wrote it.
 */
final class CronFieldParser {
    /** Longer numbers cannot be in range of any field; stopping here keeps Integer.parseInt from overflowing. */
    private static final int MAX_DIGITS = 6;

    private CronFieldParser() {}

    static CronField parse(CronFieldType type, String text) {
        BitSet values = new BitSet();
        boolean stepped = false;
        for (String element : elements(type, text)) {
            if (element.equals("?")) {
                throw error(type, "'?' is only allowed in day-of-month or day-of-week");
            }
            addElement(type, element, values);
            stepped |= element.contains("/");
        }
        return new CronField(type, values, text.startsWith("*"), stepped);
    }

    /** Splits a field at commas, refusing empty elements such as in {@code 1,,2}. */
    static String[] elements(CronFieldType type, String text) {
        String[] elements = text.split(",", -1);
        for (String element : elements) {
            if (element.isEmpty()) throw error(type, "empty value in '" + text + "'");
        }
        return elements;
    }

    /** Adds the values of one element without L, W or #: {@code *}, {@code 5}, {@code 1-5/2}. */
    static void addElement(CronFieldType type, String element, BitSet into) {
        int slash = element.indexOf('/');
        String base = slash < 0 ? element : element.substring(0, slash);
        int step = slash < 0 ? 1 : step(type, element, element.substring(slash + 1));
        if (base.equals("*") || (base.isEmpty() && slash >= 0)) {
            addRange(type, type.starFrom(), type.max, step, into);
            return;
        }
        int dash = base.indexOf('-', 1);
        if (dash < 0) {
            int from = value(type, base);
            addRange(type, from, slash < 0 ? from : type.max, step, into);
            return;
        }
        if (base.indexOf('-', dash + 1) >= 0) {
            throw error(type, "'" + element + "' is not a range like 1-5");
        }
        int from = value(type, base.substring(0, dash));
        int to = value(type, base.substring(dash + 1));
        if (type == CronFieldType.YEAR && to < from) {
            throw error(type, "range '" + base + "' ends before it starts");
        }
        addRange(type, from, to, step, into);
    }

    /** A number in range, or a month or day name where the field has names. */
    static int value(CronFieldType type, String token) {
        if (isNumber(token)) {
            int value = token.length() > MAX_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(token);
            if (value < type.min || value > type.max) {
                throw error(type, token + " is out of range " + type.min + "-" + type.max);
            }
            return value;
        }
        int named = type.valueOfName(token.toUpperCase(Locale.ROOT));
        if (named < 0) throw error(type, "'" + token + "' is not " + type.expectation());
        return named;
    }

    static boolean isNumber(String token) {
        if (token.isEmpty()) return false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    static ScheduleException error(CronFieldType type, String problem) {
        return new ScheduleException(type.label + " field: " + problem);
    }

    private static int step(CronFieldType type, String element, String text) {
        if (!isNumber(text)) {
            throw error(type, "step '" + text + "' in '" + element + "' is not a whole number");
        }
        int step = text.length() > MAX_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(text);
        if (step < 1 || step > type.maxStep()) {
            throw error(type, "step " + text + " in '" + element + "' is out of range 1-" + type.maxStep());
        }
        return step;
    }

    /** A range whose end is below its start wraps around the field's cycle, as Quartz documents (22-2, NOV-FEB). */
    private static void addRange(CronFieldType type, int from, int to, int step, BitSet into) {
        int end = to >= from ? to : to + type.cycle();
        for (int i = from; i <= end; i += step) {
            into.set(type.min + Math.floorMod(i - type.min, type.cycle()));
        }
    }
}
