package io.jobwarden.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Builds supervisor settings that launch {@link FakeWorker} from the test class path. */
final class TestWorkers {
    /** Small and quick to start: the machine is shared, and most of a test's time is JVM start-up. */
    static final List<String> JVM_OPTIONS =
            List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private TestWorkers() {}

    static List<String> command(Path crashDir, String... behaviours) {
        List<String> args = new ArrayList<>();
        args.add(crashDir.toString());
        args.addAll(List.of(behaviours));
        return WorkerCommand.sameJvm(JVM_OPTIONS, FakeWorker.class.getName(), args);
    }

    static SupervisorSettings settings(
            Path dir,
            Duration heartbeatTimeout,
            Duration restartDelay,
            Duration maxRestartDelay,
            Duration healthyAfter,
            Duration shutdownTimeout,
            String... behaviours) {
        Path crashDir = dir.resolve("crash");
        return new SupervisorSettings(
                heartbeatTimeout,
                restartDelay,
                maxRestartDelay,
                healthyAfter,
                shutdownTimeout,
                crashDir,
                command(crashDir, behaviours),
                Map.of(),
                dir);
    }

    /** Gone, or a zombie nobody reaps: this machine's init does not reap orphans, but a zombie runs nothing. */
    static boolean gone(long pid) {
        if (ProcessHandle.of(pid).isEmpty()) return true;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException vanished) {
            return true;
        }
    }

    static List<Path> crashReports(Path crashDir) throws IOException {
        if (!Files.isDirectory(crashDir)) return List.of();
        try (Stream<Path> files = Files.list(crashDir)) {
            return files.sorted().toList();
        }
    }

    static void signal(String signal, long pid) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
        if (code != 0) throw new IllegalStateException("kill -" + signal + " " + pid + " failed with " + code);
    }
}
