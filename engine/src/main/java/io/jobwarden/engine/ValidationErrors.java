package io.jobwarden.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects every problem found in one piece of input, each with its path, so users see all of them at once
 * instead of fixing one per attempt. Views made with {@link #at} share the same list.
 */
public final class ValidationErrors {
    private final List<FieldError> errors;
    private final String prefix;

    public ValidationErrors() {
        this(new ArrayList<>(), "");
    }

    private ValidationErrors(List<FieldError> errors, String prefix) {
        this.errors = errors;
        this.prefix = prefix;
    }

    /** A view whose fields are below {@code child}: {@code at("jobs[2]").add("timeout", ...)} names {@code jobs[2].timeout}. */
    public ValidationErrors at(String child) {
        return new ValidationErrors(errors, join(prefix, child));
    }

    public void add(String field, String message) {
        errors.add(new FieldError(join(prefix, field), message));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> list() {
        return Collections.unmodifiableList(errors);
    }

    /** Throws {@link InvalidInputException} carrying every error collected so far, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(List.copyOf(errors));
        }
    }

    private static String join(String prefix, String child) {
        if (prefix.isEmpty()) return child;
        if (child.isEmpty()) return prefix;
        return child.startsWith("[") ? prefix + child : prefix + "." + child;
    }
}
