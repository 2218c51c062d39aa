package io.jobwarden.server.config;

import io.jobwarden.engine.TypedValues;
import io.jobwarden.engine.ValidationErrors;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of the config tree, read key by key with typed accessors that report a bad value at its path and
 * fall back to the default. Keys that were never asked for are the unknown ones: {@link #rejectUnknownKeys} reports
 * them, so the list of valid keys is exactly the code that reads them and cannot drift from it.
 *
 * <p>Scalars are read by {@link TypedValues}, as job definitions are.
 */
final class ConfigNode {
    private final Map<String, Object> values;
    private final ValidationErrors errors;
    private final Set<String> asked = new LinkedHashSet<>();

    private ConfigNode(Map<String, Object> values, ValidationErrors errors) {
        this.values = values;
        this.errors = errors;
    }

    /** {@code errors} is already positioned at this node's path. A null (empty) node reads as all defaults. */
    static ConfigNode of(Object raw, ValidationErrors errors) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> values.put(String.valueOf(k), v));
        } else if (raw != null) {
            errors.add("", "must be a mapping of settings, not " + TypedValues.kind(raw));
        }
        return new ConfigNode(values, errors);
    }

    ValidationErrors errors() {
        return errors;
    }

    boolean has(String key) {
        return raw(key) != null;
    }

    Object raw(String key) {
        asked.add(key);
        return values.get(key);
    }

    ConfigNode section(String key) {
        return of(raw(key), errors.at(key));
    }

    Optional<String> optionalString(String key) {
        Object v = raw(key);
        if (v == null) return Optional.empty();
        if (v instanceof Map || v instanceof List) {
            errors.add(key, "must be a single value, not " + TypedValues.kind(v));
            return Optional.empty();
        }
        String s = String.valueOf(v);
        if (s.isBlank()) {
            errors.add(key, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    /** A required string: reports {@code message} when missing. */
    Optional<String> requiredString(String key, String message) {
        if (values.get(key) == null) {
            asked.add(key);
            errors.add(key, message);
            return Optional.empty();
        }
        return optionalString(key);
    }

    Optional<Secret> secret(String key) {
        return optionalString(key).map(Secret::of);
    }

    /** A file or directory setting, made absolute against {@code baseDir}. */
    Optional<Path> path(String key, Path baseDir) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(baseDir.resolve(text.get()).normalize());
        } catch (InvalidPathException e) {
            errors.add(key, "'" + TypedValues.abbreviate(text.get()) + "' is not a valid path");
            return Optional.empty();
        }
    }

    /** {@code max} of {@link Integer#MAX_VALUE} means no upper bound. */
    int integer(String key, int defaultValue, int min, int max) {
        Integer n = TypedValues.integer(raw(key), key, min, max, errors);
        return n == null ? defaultValue : n;
    }

    boolean bool(String key, boolean defaultValue) {
        Boolean b = TypedValues.bool(raw(key), key, errors);
        return b == null ? defaultValue : b;
    }

    /** A positive duration in the {@link io.jobwarden.engine.Durations} syntax. */
    Duration duration(String key, Duration defaultValue) {
        Duration d = TypedValues.duration(raw(key), key, errors);
        if (d == null) return defaultValue;
        if (d.isZero()) {
            errors.add(key, "must be longer than 0");
            return defaultValue;
        }
        return d;
    }

    /** A byte size in the {@link Sizes} syntax, at least {@code min} bytes. */
    long size(String key, long defaultValue, long min) {
        Object v = raw(key);
        if (v == null) return defaultValue;
        if (v instanceof Map || v instanceof List) {
            errors.add(key, "must be a size like 50MB, not " + TypedValues.kind(v));
            return defaultValue;
        }
        try {
            long bytes = Sizes.parse(String.valueOf(v));
            if (bytes < min) {
                errors.add(key, "must be at least " + Sizes.format(min));
                return defaultValue;
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            errors.add(key, e.getMessage());
            return defaultValue;
        }
    }

    /** One of a fixed set of names, case-insensitive. */
    <E> E choice(String key, E defaultValue, E[] choices, Function<E, String> name) {
        Object v = raw(key);
        if (v == null) return defaultValue;
        for (E c : choices) {
            if (name.apply(c).equalsIgnoreCase(String.valueOf(v))) return c;
        }
        errors.add(
                key,
                "'" + TypedValues.abbreviate(String.valueOf(v)) + "' is not one of "
                        + String.join(" | ", List.of(choices).stream().map(name).toList()));
        return defaultValue;
    }

    /** A list; a missing key is an empty list. */
    List<Object> list(String key) {
        Object v = raw(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            errors.add(key, "must be a list, not " + TypedValues.kind(v));
            return List.of();
        }
        return new ArrayList<>(list);
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        List<Object> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item == null || item instanceof Map || item instanceof List) {
                errors.at(key).add("[" + i + "]", "must be a single value, not " + TypedValues.kind(item));
            } else {
                out.add(String.valueOf(item));
            }
        }
        return out;
    }

    /** The keys present, in file order; marks them all as known (for mappings whose keys are names, like groups). */
    Set<String> keys() {
        asked.addAll(values.keySet());
        return new LinkedHashSet<>(values.keySet());
    }

    /** Reports every key that no accessor asked for, suggesting the nearest known one. */
    void rejectUnknownKeys() {
        for (String key : values.keySet()) {
            if (asked.contains(key)) continue;
            String hint = NearestName.among(key, asked)
                    .map(k -> "; did you mean '" + k + "'?")
                    .orElse("");
            errors.add(key, "is not a setting" + hint);
        }
    }
}
