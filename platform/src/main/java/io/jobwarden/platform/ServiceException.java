package io.jobwarden.platform;

/**
 * The OS service manager refused or cannot be reached. The message is one line fit for the user
 * ("systemd is not running on this machine ..."), so callers print it without a stack trace.
 */
public class ServiceException extends RuntimeException {
    public ServiceException(String message) {
        super(message);
    }

    public ServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
