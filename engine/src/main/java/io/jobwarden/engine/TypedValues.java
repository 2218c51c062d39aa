package io.jobwarden.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads whole numbers, booleans and durations out of parsed YAML or JSON, for the config file and for job
 * definitions alike, so a value is accepted or refused the same way in both. Each reader reports a bad value under
 * {@code field} and returns null; a missing value (null) is no error and also returns null.
 *
 * <p>Numbers and booleans are also accepted as text, because a value from {@code ${env:NAME}} is always text.
 */
public final class TypedValues {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");

    private TypedValues() {}

    /** A whole number from {@code min} to {@code max}; a {@code max} of {@link Long#MAX_VALUE} means no bound. */
    public static Long wholeNumber(Object raw, String field, long min, long max, ValidationErrors errors) {
        if (raw == null) return null;
        Long n = null;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            n = ((Number) raw).longValue();
        } else if (raw instanceof String s && WHOLE_NUMBER.matcher(s.trim()).matches()) {
            n = Long.parseLong(s.trim());
        }
        if (n == null) {
            errors.add(field, "'" + abbreviate(String.valueOf(raw)) + "' is not a whole number");
            return null;
        }
        if (n < min || n > max) {
            errors.add(field, max == Long.MAX_VALUE ? "must be at least " + min : "must be " + min + "-" + max);
            return null;
        }
        return n;
    }

    /** Like {@link #wholeNumber}, within int range; {@code max} of {@link Integer#MAX_VALUE} means no bound. */
    public static Integer integer(Object raw, String field, int min, int max, ValidationErrors errors) {
        Long n = wholeNumber(raw, field, min, max == Integer.MAX_VALUE ? Long.MAX_VALUE : max, errors);
        if (n != null && n > Integer.MAX_VALUE) {
            errors.add(field, "must be at most " + Integer.MAX_VALUE);
            return null;
        }
        return n == null ? null : n.intValue();
    }

    public static Boolean bool(Object raw, String field, ValidationErrors errors) {
        if (raw == null) return null;
        if (raw instanceof Boolean b) return b;
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")))
            return Boolean.parseBoolean(s);
        errors.add(field, "must be true or false");
        return null;
    }

    /** A duration in the {@link Durations} syntax; a bare number is refused, since its unit would be a guess. */
    public static Duration duration(Object raw, String field, ValidationErrors errors) {
        if (raw == null) return null;
        if (raw instanceof Number) {
            errors.add(field, raw + " has no unit; write a duration like 30s, 10m or 2h");
            return null;
        }
        if (!(raw instanceof String s)) {
            errors.add(field, "must be a duration like 30s, 10m or 2h, not " + kind(raw));
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            errors.add(field, e.getMessage());
            return null;
        }
    }

    /** How a value that has the wrong shape is named in an error. */
    public static String kind(Object v) {
        if (v == null) return "nothing";
        if (v instanceof Map) return "a mapping";
        if (v instanceof List) return "a list";
        if (v instanceof Boolean) return "true/false";
        if (v instanceof Number) return "a number";
        return "text";
    }

    /** Echoed input is cut short so a pasted blob never becomes the error message. */
    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
