package io.jobwarden.engine;

/** One problem with user input: {@code field} is a path such as {@code jobs[2].schedule}. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
