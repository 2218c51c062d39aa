package io.jobwarden.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's last word on an uncaught exception in any thread: a crash report with the exception, a thread dump
 * and the recent log, and an ERROR naming the file. The thread dies as it would have; whether the worker survives
 * is left to the heartbeat (a dead scheduling thread stops the beats, and the supervisor restarts the worker).
 */
public final class CrashReporter implements Thread.UncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(CrashReporter.class);

    private final Path crashDir;
    private final Supplier<List<String>> recentLogLines;
    private final Clock clock;

    CrashReporter(Path crashDir, Supplier<List<String>> recentLogLines, Clock clock) {
        this.crashDir = crashDir;
        this.recentLogLines = recentLogLines;
        this.clock = clock;
    }

    /** Installs the reporter as this JVM's default uncaught-exception handler. */
    public static CrashReporter install(Path crashDir) {
        return install(crashDir, List::of);
    }

    /** @param recentLogLines the last lines the process logged, if it keeps them; included in each report */
    public static CrashReporter install(Path crashDir, Supplier<List<String>> recentLogLines) {
        CrashReporter reporter = new CrashReporter(crashDir, recentLogLines, Clock.systemUTC());
        Thread.setDefaultUncaughtExceptionHandler(reporter);
        return reporter;
    }

    /** Writes a report about {@code error} (also for fatal errors caught by hand) and returns the file. */
    public Path report(Thread thread, Throwable error) throws IOException {
        return CrashReport.about(
                        "uncaught " + error.getClass().getName() + " in thread \"" + thread.getName() + "\"",
                        clock.instant(),
                        ProcessHandle.current().pid())
                .section("Exception", CrashReport.stackTrace(error))
                .section("Thread dump", CrashReport.threadDump())
                .section("Last log lines", recentLogLines.get())
                .writeTo(crashDir);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        try {
            Path file = report(thread, error);
            log.error("Uncaught exception in thread \"{}\"; crash report {}", thread.getName(), file, error);
        } catch (Throwable reportFailed) {
            // Out of memory or disk: the stack on stderr still reaches the supervisor's log.
            System.err.println("Uncaught exception in thread \"" + thread.getName()
                    + "\"; no crash report could be written: " + reportFailed);
            error.printStackTrace();
        }
    }
}
