package io.jobwarden.supervisor;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The worker's command line: the supervisor's own java and class path, so both always run the same build. */
public final class WorkerCommand {
    /** Turns an out-of-memory error into an exit, and so into a restart, instead of a half-dead worker. */
    static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    private WorkerCommand() {}

    /**
     * @param jvmOptions options from the configuration, like {@code -Xmx512m}; {@value #EXIT_ON_OOM} is added
     *                   unless they choose another out-of-memory behaviour
     * @param mainClass  the worker's main class
     * @param args       the worker's arguments
     */
    public static List<String> sameJvm(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (jvmOptions.stream().noneMatch(o -> o.contains("OnOutOfMemoryError"))) command.add(EXIT_ON_OOM);
        command.add("-cp");
        command.add(absoluteClassPath(System.getProperty("java.class.path")));
        command.add(mainClass);
        command.addAll(args);
        return List.copyOf(command);
    }

    /** The worker may run in another working directory, where relative entries would point nowhere. */
    static String absoluteClassPath(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
