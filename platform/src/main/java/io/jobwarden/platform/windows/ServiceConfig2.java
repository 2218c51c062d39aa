package io.jobwarden.platform.windows;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The optional settings ChangeServiceConfig2W applies, one info level each. */
public sealed interface ServiceConfig2 {
    int infoLevel();

    String describe();

    record Description(String text) implements ServiceConfig2 {
        public int infoLevel() {
            return Scm.SERVICE_CONFIG_DESCRIPTION;
        }

        public String describe() {
            return "SERVICE_CONFIG_DESCRIPTION (1): \"" + text + "\"";
        }
    }

    /** Recovery actions: restart after each delay in turn; the failure count resets after {@code resetPeriod}. */
    record FailureActions(Duration resetPeriod, List<Duration> restartDelays) implements ServiceConfig2 {
        public FailureActions {
            restartDelays = List.copyOf(restartDelays);
        }

        public int infoLevel() {
            return Scm.SERVICE_CONFIG_FAILURE_ACTIONS;
        }

        public String describe() {
            return "SERVICE_CONFIG_FAILURE_ACTIONS (2): reset period " + resetPeriod.toSeconds() + " s; "
                    + restartDelays.stream()
                            .map(d -> "SC_ACTION_RESTART after " + d.toMillis() + " ms")
                            .collect(Collectors.joining(", "));
        }
    }

    /** Also run the recovery actions when the service stops itself with a non-zero exit code. */
    record FailureActionsFlag(boolean onNonCrashFailures) implements ServiceConfig2 {
        public int infoLevel() {
            return Scm.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG;
        }

        public String describe() {
            return "SERVICE_CONFIG_FAILURE_ACTIONS_FLAG (4): fFailureActionsOnNonCrashFailures = "
                    + (onNonCrashFailures ? "TRUE" : "FALSE");
        }
    }

    record DelayedAutoStart(boolean delayed) implements ServiceConfig2 {
        public int infoLevel() {
            return Scm.SERVICE_CONFIG_DELAYED_AUTO_START_INFO;
        }

        public String describe() {
            return "SERVICE_CONFIG_DELAYED_AUTO_START_INFO (3): fDelayedAutostart = " + (delayed ? "TRUE" : "FALSE");
        }
    }

    /** How long the SCM waits for us at system shutdown, while we keep reporting progress. */
    record PreshutdownTimeout(Duration timeout) implements ServiceConfig2 {
        public int infoLevel() {
            return Scm.SERVICE_CONFIG_PRESHUTDOWN_INFO;
        }

        public String describe() {
            return "SERVICE_CONFIG_PRESHUTDOWN_INFO (7): dwPreshutdownTimeout = " + timeout.toMillis() + " ms";
        }
    }
}
