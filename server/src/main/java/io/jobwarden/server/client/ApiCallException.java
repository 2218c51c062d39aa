package io.jobwarden.server.client;

import java.util.List;

/** The API answered with an error status; {@link #errors} are its {@code field: message} lines. */
public class ApiCallException extends RuntimeException {
    private final int status;
    private final List<String> errors;

    public ApiCallException(int status, List<String> errors) {
        super("HTTP " + status + ": " + String.join("; ", errors), null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return errors;
    }

    /** 4xx: the request was wrong (exit 1); otherwise the server failed (exit 2). */
    public boolean clientError() {
        return status >= 400 && status < 500;
    }
}
