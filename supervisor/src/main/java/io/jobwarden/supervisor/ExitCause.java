package io.jobwarden.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Why a worker ended, in words an operator can act on.
 *
 * @param description one line, like {@code killed by signal 9 (SIGKILL)}
 * @param signal      the signal that ended the worker, 0 if none did
 */
record ExitCause(String description, int signal) {
    private static final Map<Integer, String> SIGNAL_NAMES = Map.of(
            1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 9, "SIGKILL", 11, "SIGSEGV",
            13, "SIGPIPE", 15, "SIGTERM");
    /** What HotSpot prints under -XX:+ExitOnOutOfMemoryError before it exits with code 3. */
    private static final String OOM_MARKER = "Terminating due to java.lang.OutOfMemoryError";

    private static final int OOM_EXIT_CODE = 3;

    /**
     * @param exitCode      the process exit value; on Unix, Java reports death by signal n as 128 + n
     * @param lastLines     the worker's last output, to tell an out-of-memory exit from other exits with code 3
     * @param unixExitCodes whether codes above 128 mean signals (not on Windows)
     */
    static ExitCause ofExit(int exitCode, List<String> lastLines, boolean unixExitCodes) {
        if (exitCode == OOM_EXIT_CODE) {
            for (String line : lastLines) {
                if (line.contains(OOM_MARKER)) {
                    return new ExitCause("ran out of memory (exit code 3): " + line.strip(), 0);
                }
            }
        }
        if (unixExitCodes && exitCode > 128 && exitCode < 128 + 65) {
            int signal = exitCode - 128;
            String name = SIGNAL_NAMES.getOrDefault(signal, "signal " + signal);
            return new ExitCause("killed by signal " + signal + " (" + name + ", exit code " + exitCode + ")", signal);
        }
        if (exitCode == 0) {
            return new ExitCause("exited with code 0 although nobody asked it to stop", 0);
        }
        return new ExitCause("exited with code " + exitCode, 0);
    }

    static ExitCause heartbeatsMissed(Duration silence) {
        return new ExitCause("sent no heartbeat for " + SupervisorSettings.text(silence) + " (hung; killed)", 0);
    }

    static ExitCause failedToStart(Exception e) {
        return new ExitCause("could not be started: " + e.getMessage(), 0);
    }

    /** The signals a terminal or service manager sends to stop everything, the supervisor included. */
    boolean isStopSignal() {
        return signal == 1 || signal == 2 || signal == 15;
    }
}
