package io.jobwarden.server.http;

import io.jobwarden.engine.FieldError;
import java.util.List;

/** A request the API refuses, with the status and the {@code errors} it answers; nothing was changed. */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<FieldError> errors;

    public ApiException(int status, List<FieldError> errors) {
        super(status + " " + errors, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ApiException(int status, String field, String message) {
        this(status, List.of(new FieldError(field, message)));
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    public static ApiException notFound(String field, String message) {
        return new ApiException(404, field, message);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
