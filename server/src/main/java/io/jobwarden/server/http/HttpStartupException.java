package io.jobwarden.server.http;

/** The HTTP interface cannot start as configured; the message says what to change. */
public class HttpStartupException extends RuntimeException {
    public HttpStartupException(String message, Throwable cause) {
        super(message, cause);
    }

    public HttpStartupException(String message) {
        super(message);
    }

    /** {@code what}, then the message of {@code e}'s innermost cause: the one that names the file, port or key. */
    static HttpStartupException because(String what, Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return new HttpStartupException(
                what + ": " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()), e);
    }
}
