package io.jobwarden.supervisor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.event.Level;

/**
 * How the supervisor relays a worker's output: each line once, under the logger {@link #LOGGER}, at the level the
 * worker logged it at. The worker's line already carries its time, thread and logger, so the supervisor's logging
 * prints it as it came ({@code server} LoggingSetup sends this logger to the console only: the worker writes its own
 * {@code jobwarden.log}, and {@code supervisor.log} keeps the supervisor's own events).
 */
public final class WorkerOutput {
    /** The logger name relayed worker lines are logged under. */
    public static final String LOGGER = "worker";

    /** The start of a worker log line: ISO time with offset, then the level (LoggingSetup's and BootstrapLogging's). */
    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d) +(TRACE|DEBUG|INFO|WARN|ERROR)\\b");

    private WorkerOutput() {}

    /**
     * The level of one line of worker output.
     *
     * @param previous the level of the line before: a stack trace's "at ..." and "Caused by" lines belong to the
     *                 event above them, and an ERROR's trace must not drop to INFO half-way
     */
    public static Level levelOf(String line, Level previous) {
        Matcher m = LOG_LINE.matcher(line);
        if (m.find()) return Level.valueOf(m.group(1));
        if (line.startsWith("\t")
                || line.startsWith(" ")
                || line.startsWith("Caused by:")
                || line.startsWith("Suppressed:")) {
            return previous;
        }
        // The command line's own failure report ("error: ...") and a JVM dying ("Exception in thread ...") come
        // before or outside logging.
        if (line.startsWith("error:") || line.startsWith("Exception in thread")) return Level.ERROR;
        return Level.INFO;
    }
}
