package io.jobwarden.supervisor;

import java.io.IOException;
import java.io.Writer;

/**
 * The line protocol between supervisor and worker, over a loopback TCP connection the worker opens.
 * A socket rather than a polled file: the kernel closes it the instant either side dies, so each side
 * learns of the other's death at once, and a silent connection means a hung worker, not a slow disk.
 */
final class LinkProtocol {
    static final String ENV_PORT = "JOBWARDEN_SUPERVISOR_PORT";
    static final String ENV_TOKEN = "JOBWARDEN_SUPERVISOR_TOKEN";
    static final String ENV_PID = "JOBWARDEN_SUPERVISOR_PID";
    static final String ENV_HEARTBEAT_TIMEOUT_MS = "JOBWARDEN_SUPERVISOR_HEARTBEAT_TIMEOUT_MS";
    static final String ENV_RESTARTS = "JOBWARDEN_SUPERVISOR_RESTARTS";
    static final String ENV_LAST_CAUSE = "JOBWARDEN_SUPERVISOR_LAST_CAUSE";
    static final String ENV_CRASH_LOOP = "JOBWARDEN_SUPERVISOR_CRASH_LOOP";
    static final String ENV_PREFIX = "JOBWARDEN_SUPERVISOR_";

    /** worker to supervisor: {@code HELLO <token> <pid>}, the first line. */
    static final String HELLO = "HELLO";

    static final String BEAT = "BEAT";
    /** worker to supervisor: the worker's start is done (its engine runs and its HTTP server listens). */
    static final String UP = "UP";
    /** worker to supervisor: the coming exit is deliberate, do not restart. */
    static final String STOPPING = "STOPPING";
    /** worker to supervisor: one line of a requested thread dump; {@link #DUMP_END} closes it. */
    static final String DUMP_LINE = "DUMP ";

    static final String DUMP_END = "DUMP-END";

    /** supervisor to worker: shut down gracefully. */
    static final String STOP = "STOP";
    /** supervisor to worker: read the config file again and apply it (the supervisor got SIGHUP). */
    static final String RELOAD = "RELOAD";
    /** supervisor to worker: send a thread dump (asked of a worker that stopped beating). */
    static final String DUMP = "DUMP";
    /** supervisor to worker, the answer to every beat: {@code STATUS <restarts> <crash-loop> <last cause>}. */
    static final String STATUS = "STATUS ";

    private LinkProtocol() {}

    static String statusLine(SupervisorStatus s) {
        return STATUS + s.restarts() + " " + s.crashLoop() + " " + s.lastCause();
    }

    /** Writes one message; false if the other side is gone. Callers hold their writer's lock. */
    static boolean writeLine(Writer out, String line) {
        try {
            out.write(line + "\n");
            out.flush();
            return true;
        } catch (IOException gone) {
            return false;
        }
    }

    static SupervisorStatus parseStatus(String line) {
        String[] parts = line.substring(STATUS.length()).split(" ", 3);
        return new SupervisorStatus(
                Integer.parseInt(parts[0]), Boolean.parseBoolean(parts[1]), parts.length > 2 ? parts[2] : "");
    }
}
