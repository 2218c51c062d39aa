package io.jobwarden.server.cli;

/** A problem with what the user typed; printed as one line, exit code 1. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
