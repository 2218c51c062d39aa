package io.jobwarden.server.http;

/** The HTTP interface cannot start as configured; the message says what to change. */
public class HttpStartupException extends RuntimeException {
    public HttpStartupException(String message, Throwable cause) {
        super(message, cause);
    }

    public HttpStartupException(String message) {
        super(message);
    }
}
