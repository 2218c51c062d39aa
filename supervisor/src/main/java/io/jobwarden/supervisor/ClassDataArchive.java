package io.jobwarden.supervisor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

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
 *
 * <p>The directory holds one archive: those of an earlier jar or java (some 25 MiB each) are deleted as the next
 * worker is launched, and so is one that a worker killed while writing it left without its header, which the JVM
 * writes last: mapped, it would be ignored at every start and never written again.
 */
public final class ClassDataArchive {
    /**
     * The JVM's class-data sharing messages at error level only: writing the archive warns once for every class it
     * cannot store (the jar's Java 5 class files, JFR's event classes), some 190 lines on the console at the
     * worker's first graceful stop, none of which needs anyone's attention.
     */
    static final String QUIET = "-Xlog:cds=error";

    private static final String PREFIX = "worker-";
    /** The first four bytes of a finished dynamic archive, in the machine's byte order (HotSpot's CDS header). */
    static final int DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

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
        Path file = directory.resolve(PREFIX + fingerprint(java, classPath) + ".jsa");
        if (Files.exists(file) && !finished(file)) deleteQuietly(file);
        deleteOthers(directory, file);
        return Optional.of(new ClassDataArchive(file));
    }

    static boolean finished(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4
                    && ByteBuffer.wrap(head).order(ByteOrder.nativeOrder()).getInt() == DYNAMIC_ARCHIVE_MAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    /** Best effort: a file still mapped where that forbids deleting it (Windows) goes at a later launch. */
    private static void deleteOthers(Path directory, Path kept) {
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(directory, PREFIX + "*.jsa")) {
            for (Path archive : archives) if (!archive.equals(kept)) deleteQuietly(archive);
        } catch (IOException e) {
            // Left for the next launch; the worker starts all the same.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // As above.
        }
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

    /**
     * What the archive depends on: the java, and every class path entry's path, size and modification time. Two
     * checksums, not a cryptographic digest: a name needs no protection against forgery (the JVM checks the class
     * path itself), and MessageDigest's providers took 15 ms of the supervisor's start before the worker's launch.
     */
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
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(bytes);
        CRC32 ieee = new CRC32();
        ieee.update(bytes);
        // Not String.format, whose parser is another few milliseconds of a cold start.
        String hex = Long.toHexString(castagnoli.getValue() << 32 | ieee.getValue());
        return "0".repeat(16 - hex.length()) + hex;
    }
}
