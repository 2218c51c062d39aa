package io.jobwarden.platform.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * A SERVICE_STATUS as reported to or read from the SCM.
 *
 * @param processId 0 when unknown (reports from the service carry none)
 */
public record ScmStatus(
        int state,
        int controlsAccepted,
        int win32ExitCode,
        int serviceSpecificExitCode,
        int checkPoint,
        int waitHintMillis,
        int processId) {

    public static ScmStatus reported(
            int state,
            int controlsAccepted,
            int win32ExitCode,
            int serviceSpecificExitCode,
            int checkPoint,
            int waitHintMillis) {
        return new ScmStatus(
                state, controlsAccepted, win32ExitCode, serviceSpecificExitCode, checkPoint, waitHintMillis, 0);
    }

    /** Compact form used in logs and test expectations: "START_PENDING cp=2 hint=4000 accepts=0". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(Scm.stateName(state));
        if (checkPoint != 0 || waitHintMillis != 0)
            s.append(" cp=").append(checkPoint).append(" hint=").append(waitHintMillis);
        s.append(" accepts=").append(acceptNames());
        if (win32ExitCode != 0)
            s.append(" exit=").append(win32ExitCode).append('/').append(serviceSpecificExitCode);
        return s.toString();
    }

    private String acceptNames() {
        List<String> names = new ArrayList<>();
        if ((controlsAccepted & Scm.SERVICE_ACCEPT_STOP) != 0) names.add("STOP");
        if ((controlsAccepted & Scm.SERVICE_ACCEPT_PAUSE_CONTINUE) != 0) names.add("PAUSE_CONTINUE");
        if ((controlsAccepted & Scm.SERVICE_ACCEPT_SHUTDOWN) != 0) names.add("SHUTDOWN");
        if ((controlsAccepted & Scm.SERVICE_ACCEPT_PRESHUTDOWN) != 0) names.add("PRESHUTDOWN");
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
