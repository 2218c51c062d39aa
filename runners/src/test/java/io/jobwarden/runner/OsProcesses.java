package io.jobwarden.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The test's own view of processes, independent of the code under test. */
final class OsProcesses {
    private OsProcesses() {}

    /** Everything this test JVM started and that is still running. */
    static List<ProcessHandle> runningDescendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(h -> !isGone(h.pid()))
                .toList();
    }

    /** Exited: no such process, or a zombie waiting for a parent (or an init) to reap it. */
    static boolean isGone(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) return true;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return afterName.startsWith("Z");
        } catch (IOException e) {
            // On Linux a missing stat file means the process just exited; elsewhere there is no /proc to ask.
            return Files.isDirectory(Path.of("/proc"));
        }
    }

    static boolean isSleep(ProcessHandle handle) {
        return handle.info()
                .command()
                .map(c -> c.endsWith("/sleep") || c.equals("sleep"))
                .orElse(false);
    }
}
