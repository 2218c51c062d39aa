package io.jobwarden.platform.windows;

/**
 * The Win32 service constants this module uses (winsvc.h, winerror.h), as plain ints so that code above the
 * {@link ScmApi} boundary never touches a JNA class and runs anywhere.
 */
public final class Scm {
    private Scm() {}

    public static final int SERVICE_WIN32_OWN_PROCESS = 0x10;
    public static final int SERVICE_AUTO_START = 2;
    public static final int SERVICE_DEMAND_START = 3;
    public static final int SERVICE_ERROR_NORMAL = 1;

    public static final int SERVICE_STOPPED = 1;
    public static final int SERVICE_START_PENDING = 2;
    public static final int SERVICE_STOP_PENDING = 3;
    public static final int SERVICE_RUNNING = 4;
    public static final int SERVICE_CONTINUE_PENDING = 5;
    public static final int SERVICE_PAUSE_PENDING = 6;
    public static final int SERVICE_PAUSED = 7;

    public static final int SERVICE_CONTROL_STOP = 1;
    public static final int SERVICE_CONTROL_PAUSE = 2;
    public static final int SERVICE_CONTROL_CONTINUE = 3;
    public static final int SERVICE_CONTROL_INTERROGATE = 4;
    public static final int SERVICE_CONTROL_SHUTDOWN = 5;
    public static final int SERVICE_CONTROL_PRESHUTDOWN = 0x0F;

    public static final int SERVICE_ACCEPT_STOP = 0x1;
    public static final int SERVICE_ACCEPT_PAUSE_CONTINUE = 0x2;
    public static final int SERVICE_ACCEPT_SHUTDOWN = 0x4;
    public static final int SERVICE_ACCEPT_PRESHUTDOWN = 0x100;

    public static final int SERVICE_CONFIG_DESCRIPTION = 1;
    public static final int SERVICE_CONFIG_FAILURE_ACTIONS = 2;
    public static final int SERVICE_CONFIG_DELAYED_AUTO_START_INFO = 3;
    public static final int SERVICE_CONFIG_FAILURE_ACTIONS_FLAG = 4;
    public static final int SERVICE_CONFIG_PRESHUTDOWN_INFO = 7;

    public static final int SC_ACTION_NONE = 0;
    public static final int SC_ACTION_RESTART = 1;

    public static final int NO_ERROR = 0;
    public static final int ERROR_ACCESS_DENIED = 5;
    /** LookupAccountName: no such account. */
    public static final int ERROR_NONE_MAPPED = 1332;

    public static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
    public static final int ERROR_SERVICE_ALREADY_RUNNING = 1056;
    public static final int ERROR_SERVICE_DOES_NOT_EXIST = 1060;
    /** The service accepts no controls now: it is still in START_PENDING (accepts nothing until RUNNING). */
    public static final int ERROR_SERVICE_CANNOT_ACCEPT_CTRL = 1061;

    public static final int ERROR_SERVICE_NOT_ACTIVE = 1062;
    public static final int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;
    public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;
    public static final int ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
    public static final int ERROR_SERVICE_EXISTS = 1073;

    /** Event log types for ReportEvent. */
    public static final int EVENTLOG_ERROR_TYPE = 0x0001;

    public static final int EVENTLOG_WARNING_TYPE = 0x0002;
    public static final int EVENTLOG_INFORMATION_TYPE = 0x0004;

    public static String stateName(int state) {
        return switch (state) {
            case SERVICE_STOPPED -> "STOPPED";
            case SERVICE_START_PENDING -> "START_PENDING";
            case SERVICE_STOP_PENDING -> "STOP_PENDING";
            case SERVICE_RUNNING -> "RUNNING";
            case SERVICE_CONTINUE_PENDING -> "CONTINUE_PENDING";
            case SERVICE_PAUSE_PENDING -> "PAUSE_PENDING";
            case SERVICE_PAUSED -> "PAUSED";
            default -> "STATE_" + state;
        };
    }

    public static String controlName(int control) {
        return switch (control) {
            case SERVICE_CONTROL_STOP -> "STOP";
            case SERVICE_CONTROL_PAUSE -> "PAUSE";
            case SERVICE_CONTROL_CONTINUE -> "CONTINUE";
            case SERVICE_CONTROL_INTERROGATE -> "INTERROGATE";
            case SERVICE_CONTROL_SHUTDOWN -> "SHUTDOWN";
            case SERVICE_CONTROL_PRESHUTDOWN -> "PRESHUTDOWN";
            default -> "control " + control;
        };
    }
}
