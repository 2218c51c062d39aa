package io.jobwarden.server.client;

/** No answer at all: nothing listens at the URL, the connection broke, or it timed out. */
public class ApiUnreachableException extends RuntimeException {
    public ApiUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
