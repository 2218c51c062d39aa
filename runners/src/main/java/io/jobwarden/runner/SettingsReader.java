package io.jobwarden.runner;

import io.jobwarden.engine.ValidationErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a job's type settings into typed values, reporting every problem under the setting's name. The same
 * reading serves validation and the run, so a job that validated never fails at run time on its own settings.
 *
 * <p>Top-level strings must be strings. List elements and map values may also be numbers or booleans and are
 * taken as their text, because YAML turns {@code PORT: 8080} into a number and users rarely mean that.
 */
final class SettingsReader {
    private final Map<String, Object> settings;
    private final ValidationErrors errors;

    SettingsReader(Map<String, Object> settings, ValidationErrors errors) {
        this.settings = settings == null ? Map.of() : settings;
        this.errors = errors;
    }

    boolean has(String key) {
        return settings.containsKey(key);
    }

    boolean isString(String key) {
        return settings.get(key) instanceof String;
    }

    /** Null when absent or not a string; the latter is reported. */
    String string(String key) {
        Object value = settings.get(key);
        if (value == null) {
            if (settings.containsKey(key)) errors.add(key, "must be a string, not empty");
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(key, "must be a string, not " + describe(value));
            return null;
        }
        return text;
    }

    /** Like {@link #string} but reports absence and blank text too. */
    String requiredString(String key, String example) {
        if (!settings.containsKey(key)) {
            errors.add(key, "is required, e.g. " + example);
            return null;
        }
        String text = string(key);
        if (text != null && text.isBlank()) {
            errors.add(key, "must not be blank, e.g. " + example);
            return null;
        }
        return text;
    }

    /** Null when absent or malformed (reported). */
    List<String> stringList(String key, String example) {
        Object value = settings.get(key);
        if (value == null) {
            if (settings.containsKey(key)) errors.add(key, "must be a list, e.g. " + example);
            return null;
        }
        if (!(value instanceof List<?> items)) {
            errors.add(key, "must be a list, e.g. " + example + ", not " + describe(value));
            return null;
        }
        List<String> texts = new ArrayList<>(items.size());
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String text = scalarText(items.get(i));
            if (text == null) {
                errors.add(key + "[" + i + "]", "must be a string, not " + describe(items.get(i)));
                ok = false;
            }
            texts.add(text);
        }
        return ok ? List.copyOf(texts) : null;
    }

    /**
     * Empty when absent; null when not a map (reported). Entries whose value is not a string are reported and left
     * out, so the caller can still check the others. Keeps the user's order.
     */
    Map<String, String> stringMap(String key) {
        Object value = settings.get(key);
        if (value == null) {
            if (!settings.containsKey(key)) return Map.of();
            errors.add(key, "must be a map of names to strings");
            return null;
        }
        if (!(value instanceof Map<?, ?> entries)) {
            errors.add(key, "must be a map of names to strings, not " + describe(value));
            return null;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String text = scalarText(entry.getValue());
            if (name.isEmpty()) {
                errors.add(key, "has an empty name");
            } else if (text == null) {
                errors.add(key + "." + name, "must be a string, not " + describe(entry.getValue()));
            } else {
                texts.put(name, text);
            }
        }
        return texts;
    }

    /** Reports keys outside {@code known}: a typo like {@code comand} would otherwise be silently ignored. */
    void rejectUnknown(Set<String> known, String jobType) {
        if (known.containsAll(settings.keySet())) return; // the usual case, checked without sorting a copy
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!known.contains(key)) {
                errors.add(
                        key,
                        "is not a setting of a " + jobType + " job; known settings: "
                                + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    ValidationErrors errors() {
        return errors;
    }

    /** All problems on one line, for a run that fails on settings which changed since they were validated. */
    static String summary(ValidationErrors errors) {
        return errors.list().stream().map(Object::toString).collect(Collectors.joining("; "));
    }

    private static String scalarText(Object value) {
        if (value instanceof String text) return text;
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        return null;
    }

    static String describe(Object value) {
        if (value == null) return "empty";
        if (value instanceof String) return "a string";
        if (value instanceof List<?>) return "a list";
        if (value instanceof Map<?, ?>) return "a map";
        if (value instanceof Number) return "the number " + value;
        if (value instanceof Boolean) return "the boolean " + value;
        return "a " + value.getClass().getSimpleName();
    }
}
