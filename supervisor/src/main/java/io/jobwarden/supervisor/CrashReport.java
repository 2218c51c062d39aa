package io.jobwarden.supervisor;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One crash report file: a fixed header about the machine and the process, then free sections. */
final class CrashReport {
    /** Fixed width and UTC, so that file names sort by time. */
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String title;
    private final Instant time;
    private final long pid;
    private final StringBuilder sections = new StringBuilder();

    private CrashReport(String title, Instant time, long pid) {
        this.title = title;
        this.time = time;
        this.pid = pid;
    }

    /** @param pid the process the report is about */
    static CrashReport about(String title, Instant time, long pid) {
        return new CrashReport(title, time, pid);
    }

    CrashReport section(String heading, String text) {
        sections.append("\n== ").append(heading).append(" ==\n").append(text);
        if (!text.endsWith("\n")) sections.append('\n');
        return this;
    }

    CrashReport section(String heading, List<String> lines) {
        return section(heading, lines.isEmpty() ? "(none)" : String.join("\n", lines));
    }

    String render() {
        return "Jobwarden crash report: " + title + "\n"
                + "Time:    " + time.truncatedTo(ChronoUnit.MILLIS) + "\n"
                + "Host:    " + hostName() + "\n"
                + "OS:      " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")\n"
                + "JVM:     " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")\n"
                + "Version: jobwarden " + version() + "\n"
                + "PID:     " + pid + "\n"
                + sections;
    }

    /** Writes the report as a new file in {@code dir} (created if missing) and returns it. */
    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = "crash-" + FILE_TIME.format(time) + "-" + pid;
        byte[] content = render().getBytes(StandardCharsets.UTF_8);
        // Two threads of one process can fail in the same millisecond; neither report may be lost, and "_" sorts
        // after ".", so a second report still lists after the first.
        for (int n = 0; ; n++) {
            Path file = dir.resolve(base + (n == 0 ? "" : "_" + n) + ".txt");
            try {
                Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return file;
            } catch (FileAlreadyExistsException taken) {
                // try the next suffix
            }
        }
    }

    static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** Every thread of this JVM with its full stack and locks (ThreadInfo.toString cuts stacks at 8 frames). */
    static List<String> threadDump() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> lines = new ArrayList<>();
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) lines.add("DEADLOCK among " + deadlocked.length + " threads, see BLOCKED below");
        for (ThreadInfo info : threads.dumpAllThreads(
                threads.isObjectMonitorUsageSupported(), threads.isSynchronizerUsageSupported())) {
            lines.add("\"" + info.getThreadName() + "\" #" + info.getThreadId() + (info.isDaemon() ? " daemon" : "")
                    + " " + info.getThreadState()
                    + (info.getLockName() == null ? "" : " on " + info.getLockName())
                    + (info.getLockOwnerName() == null ? "" : " owned by \"" + info.getLockOwnerName() + "\""));
            StackTraceElement[] stack = info.getStackTrace();
            for (int depth = 0; depth < stack.length; depth++) {
                lines.add("    at " + stack[depth]);
                for (MonitorInfo monitor : info.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == depth) lines.add("    - locked " + monitor);
                }
            }
            for (LockInfo lock : info.getLockedSynchronizers()) lines.add("    - holds " + lock);
            lines.add("");
        }
        return lines;
    }

    /** The JVM's own crash log for {@code pid}: in the working directory, or the temp dir if that was not writable. */
    static Optional<Path> hotSpotErrorFile(Path workDir, long pid) {
        String name = "hs_err_pid" + pid + ".log";
        for (Path dir : List.of(workDir, Path.of(System.getProperty("java.io.tmpdir")))) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) return Optional.of(file.toAbsolutePath());
        }
        return Optional.empty();
    }

    static String version() {
        String v = CrashReport.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String fromEnv =
                    System.getenv(System.getProperty("os.name").startsWith("Windows") ? "COMPUTERNAME" : "HOSTNAME");
            return fromEnv == null ? "unknown" : fromEnv;
        }
    }
}
