package io.jobwarden.platform.eventlog;

/** Where Event Log entries go: ReportEvent on Windows, a recorder in tests. */
public interface EventLogSink extends AutoCloseable {
    /** @param type EVENTLOG_ERROR_TYPE, EVENTLOG_WARNING_TYPE or EVENTLOG_INFORMATION_TYPE */
    void report(int type, int eventId, String message);

    @Override
    void close();
}
