package io.jobwarden.platform.windows;

import java.util.List;

/**
 * The registration that lets Event Viewer show our text: an event source under the Application log pointing at
 * a message file. The .NET Framework's EventLogMessages.dll holds the message "%1" for every event id, so the
 * text we report is shown as is; it is on every supported Windows.
 */
public final class EventLogSource {
    public static final String MESSAGE_FILE =
            "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll";
    /** EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE */
    public static final int TYPES_SUPPORTED = 7;

    private EventLogSource() {}

    public static String key(String source) {
        return "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\" + source;
    }

    public static List<RegistryValue> values(String source) {
        return List.of(
                RegistryValue.expandString(key(source), "EventMessageFile", MESSAGE_FILE),
                RegistryValue.dword(key(source), "TypesSupported", TYPES_SUPPORTED));
    }
}
