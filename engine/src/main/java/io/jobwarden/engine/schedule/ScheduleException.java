package io.jobwarden.engine.schedule;

/**
 * A schedule expression that cannot be parsed. The message names the part and the value, e.g.
 * {@code seconds field: 61 is out of range 0-59}, so it can be shown to the user as it is.
 */
public class ScheduleException extends IllegalArgumentException {
    public ScheduleException(String message) {
        super(message);
    }
}
