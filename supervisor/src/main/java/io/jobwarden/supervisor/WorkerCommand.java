package io.jobwarden.supervisor;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The worker's command line: the supervisor's own java and class path, so both always run the same build. */
public final class WorkerCommand {
    /** Turns an out-of-memory error into an exit, and so into a restart, instead of a half-dead worker. */
    static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";

    private WorkerCommand() {}

    /**
     * @param jvmOptions options from the configuration, like {@code -Xmx512m}; {@value #EXIT_ON_OOM} is added
     *                   unless they choose another out-of-memory behaviour
     * @param mainClass  the worker's main class
     * @param args       the worker's arguments
     */
    public static List<String> sameJvm(List<String> jvmOptions, String mainClass, List<String> args) {
        return command(jvmOptions, absoluteClassPath(System.getProperty("java.class.path")), mainClass, args);
    }

    private static List<String> command(
            List<String> jvmOptions, String absoluteClassPath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        if (jvmOptions.stream().noneMatch(o -> o.contains("OnOutOfMemoryError"))) command.add(EXIT_ON_OOM);
        command.add("-cp");
        command.add(absoluteClassPath);
        command.add(mainClass);
        command.addAll(args);
        return List.copyOf(command);
    }

    /**
     * The product worker's command line: {@link JvmOptions#WORKER} then the configured options (which win), and
     * the class-data sharing archive's options when there is one.
     *
     * @param archiveDir where the worker's class-data sharing archive goes; null for none
     */
    public static List<String> worker(List<String> configured, Path archiveDir, String mainClass, List<String> args) {
        return worker(configured, archiveDir, System.getProperty("java.class.path"), mainClass, args);
    }

    static List<String> worker(
            List<String> configured, Path archiveDir, String classPath, String mainClass, List<String> args) {
        List<String> options = new ArrayList<>(JvmOptions.withDefaults(JvmOptions.WORKER, configured));
        String absolute = absoluteClassPath(classPath);
        if (archiveDir != null && configured.stream().noneMatch(WorkerCommand::touchesSharing)) {
            ClassDataArchive.in(archiveDir, java(), absolute).ifPresent(archive -> {
                // Ahead of the configured options, so that an -Xlog of the operator's still wins.
                options.add(0, ClassDataArchive.QUIET);
                options.addAll(archive.jvmOptions());
            });
        }
        return command(options, absolute, mainClass, args);
    }

    /**
     * Extra environment for the worker: glibc's malloc keeps up to 8 arenas a core for a many-threaded process,
     * tens of MiB a JVM never uses; two are enough. Left alone when the operator set it.
     */
    public static Map<String, String> environment(Map<String, String> own) {
        return own.containsKey(MALLOC_ARENA_MAX) ? Map.of() : Map.of(MALLOC_ARENA_MAX, "2");
    }

    /** Options of the operator's own about class-data sharing: then ours stay out. */
    private static boolean touchesSharing(String option) {
        return option.startsWith("-Xshare")
                || option.startsWith("-XX:SharedArchiveFile")
                || option.startsWith("-XX:ArchiveClassesAtExit");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The worker may run in another working directory, where relative entries would point nowhere. */
    static String absoluteClassPath(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
