package io.jobwarden.supervisor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The worker's class-data sharing (AppCDS) archive: the classes a worker loaded, stored by the JVM in a form the
 * next worker maps instead of parsing and verifying them again, which shortens its start.
 *
 * <p>A dynamic archive is only valid for the class path it was made with (JDK 17 refuses it otherwise), so it
 * lives in the instance's data directory with a name made from the java, the class path and each entry's size and
 * modification time: a moved, rebuilt or upgraded jar gets a new name and a new archive. When the file is there
 * the worker maps it with {@code -Xshare:auto}, under which a stale or damaged archive is ignored, never a reason
 * not to start; when it is not, the worker is told to write it when it exits ({@code -XX:ArchiveClassesAtExit}),
 * which happens on its first graceful stop.
 */
public final class ClassDataArchive {
    /**
     * The JVM's class-data sharing messages at error level only: writing the archive warns once for every class it
     * cannot store (the jar's Java 5 class files, JFR's event classes), some 190 lines on the console at the
     * worker's first graceful stop, none of which needs anyone's attention.
     */
    static final String QUIET = "-Xlog:cds=error";

    private final Path file;

    private ClassDataArchive(Path file) {
        this.file = file;
    }

    /**
     * @param directory where archives go (created when missing)
     * @param java      the worker's java executable
     * @param classPath the worker's class path
     * @return empty when the class path holds anything but jar files, or when the directory cannot be created or
     *         written: then the worker starts without one
     */
    public static Optional<ClassDataArchive> in(Path directory, String java, String classPath) {
        // JDK 17 cannot archive classes from a directory, and finds that out only when it dumps at exit, where it
        // then ends with exit code 1: a development class path gets no archive at all.
        if (!onlyJars(classPath)) return Optional.empty();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!Files.isWritable(directory)) return Optional.empty();
        return Optional.of(new ClassDataArchive(directory.resolve("worker-" + fingerprint(java, classPath) + ".jsa")));
    }

    private static boolean onlyJars(String classPath) {
        String[] entries = classPath.split(File.pathSeparator);
        for (String entry : entries) {
            if (entry.isEmpty()) continue;
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) return false;
        }
        return entries.length > 0;
    }

    public Path file() {
        return file;
    }

    /** The JVM options that use the archive when it exists and make it otherwise. */
    public List<String> jvmOptions() {
        if (Files.isRegularFile(file)) return List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto");
        return List.of("-XX:ArchiveClassesAtExit=" + file);
    }

    /** What the archive depends on: the java, and every class path entry's path, size and modification time. */
    static String fingerprint(String java, String classPath) {
        StringBuilder text = new StringBuilder(java).append('\n').append(System.getProperty("java.vm.version"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path p = Path.of(entry);
            text.append('\n').append(entry);
            try {
                text.append(' ')
                        .append(Files.size(p))
                        .append(' ')
                        .append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                text.append(" missing");
            }
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
