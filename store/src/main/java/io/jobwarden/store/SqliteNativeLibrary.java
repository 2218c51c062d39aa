package io.jobwarden.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The SQLite driver's native library, kept as a file in a directory of the instance's own and loaded from there.
 *
 * <p>Why: told nothing, sqlite-jdbc writes its library (about 1 MB) out of its jar into the temporary directory at
 * every start, reads it back to compare, and loads that new file; that was about a tenth of a second of each worker's
 * start (bench/FOOTPRINT.md, round six). The copy here is written once per jar (a rebuilt or upgraded jar writes its
 * own), named with the CRC-32 of its content, which is checked at every start: a copy that differs is written
 * again. Finding a copy touches neither the jar nor the driver's look at the platform.
 *
 * <p>Whoever can write that directory, the instance's data directory, can already change the jobs in its SQLite
 * store, which run commands as the service; so a library kept there opens no way in that was not open. The directory
 * is made owner-only where it is created, as the store's is.
 *
 * <p>Anything unexpected (no library for this platform in the jar, a directory that cannot be written, a copy that
 * cannot be replaced because another process has it loaded) leaves sqlite-jdbc to do as it always did.
 */
public final class SqliteNativeLibrary {
    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final String PREFIX = "sqlite-jdbc-";

    /** The directory this class pointed the driver at last, to tell its own setting from the user's. */
    private static String pointedAt;

    private SqliteNativeLibrary() {}

    /**
     * Points sqlite-jdbc at a copy of its library in {@code directory}, writing the copy first when it is missing or
     * differs from the jar's. Call before the process's first SQLite connection: the driver loads its library once.
     *
     * @return the file the driver will load, or empty when it is left to find its own (also when {@code
     *     org.sqlite.lib.path} was set by whoever started this JVM)
     */
    public static synchronized Optional<Path> useCopyIn(Path directory) {
        String path = System.getProperty(PATH_PROPERTY);
        if (path != null && !path.equals(pointedAt)) return Optional.empty();
        try {
            Optional<Path> copy = copyIn(directory.toAbsolutePath());
            copy.ifPresent(file -> {
                pointedAt = file.getParent().toString();
                System.setProperty(PATH_PROPERTY, pointedAt);
                System.setProperty(NAME_PROPERTY, file.getFileName().toString());
            });
            return copy;
        } catch (IOException | RuntimeException e) {
            log.debug("the SQLite driver extracts its own library: no copy in {}: {}", directory, e.toString());
            return Optional.empty();
        }
    }

    private static Optional<Path> copyIn(Path directory) throws IOException {
        Optional<String> build = build();
        if (build.isEmpty()) return Optional.empty();
        String name = LibraryLoaderUtil.getNativeLibName();
        String prefix = PREFIX + build.get() + "-";
        Optional<Path> kept = kept(directory, prefix, extension(name));
        if (kept.isPresent()) return kept;
        // Only now the driver's own look at the platform (its musl check reads every mapping of this process).
        URL resource = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
        if (resource == null) return Optional.empty();
        Entry entry = Entry.of(resource);
        Path copy = directory.resolve(prefix + hex(entry.crc) + extension(name));
        createDirectory(directory);
        Path partial = Files.createTempFile(directory, ".sqlite-jdbc-", ".partial");
        try {
            try (InputStream in = resource.openStream();
                    OutputStream out = Files.newOutputStream(partial)) {
                in.transferTo(out);
            }
            if (!entry.matches(partial)) throw new IOException("the copy written differs from " + resource);
            try {
                Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        removeOthers(directory, copy);
        return Optional.of(copy);
    }

    /**
     * Which build of the driver this is, from the file it was loaded from (its path, size and time, as the
     * launcher names its class-data archive): a copy made from another jar is never loaded by this one. Empty when
     * the driver was not loaded from a file.
     */
    private static Optional<String> build() throws IOException {
        var source = SQLiteJDBCLoader.class.getProtectionDomain().getCodeSource();
        if (source == null || !"file".equals(source.getLocation().getProtocol())) return Optional.empty();
        Path jar;
        try {
            jar = Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(jar)) return Optional.empty();
        CRC32 key = new CRC32();
        key.update((jar.toAbsolutePath() + "|" + Files.size(jar) + "|"
                        + Files.getLastModifiedTime(jar).toMillis() + "|" + System.getProperty("os.name") + "|"
                        + System.getProperty("os.arch"))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Optional.of(hex(key.getValue()));
    }

    /** A copy this build wrote earlier, whose content still has the CRC-32 its name gives. */
    private static Optional<Path> kept(Path directory, String prefix, String extension) throws IOException {
        if (!Files.isDirectory(directory)) return Optional.empty();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*" + extension)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String crc = name.substring(prefix.length(), name.length() - extension.length());
                if (crc.length() != 8) continue;
                if (checksum(file) == Long.parseLong(crc, 16)) return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Read in small pieces: a megabyte read whole would grow a small heap for good (the worker starts with 8 MiB). */
    private static long checksum(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) crc.update(buffer, 0, n);
        }
        return crc.getValue();
    }

    private static String hex(long crc) {
        return String.format(Locale.ROOT, "%08x", crc);
    }

    /** Copies of earlier driver builds; one still loaded elsewhere (Windows) stays until a later start. */
    private static void removeOthers(Path directory, Path keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path file : files) {
                if (file.equals(keep)) continue;
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.debug("an earlier SQLite library copy stays: {}", e.toString());
                }
            }
        } catch (IOException e) {
            log.debug("earlier SQLite library copies not looked for: {}", e.toString());
        }
    }

    private static void createDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) return;
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix"))
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        else Files.createDirectories(directory);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    /** The jar entry's size and CRC-32; read from a class directory's file when the driver is not in a jar. */
    private record Entry(long size, long crc) {
        static Entry of(URL resource) throws IOException {
            URLConnection connection = resource.openConnection();
            if (connection instanceof JarURLConnection jar) {
                JarEntry entry = jar.getJarEntry();
                if (entry.getSize() >= 0 && entry.getCrc() >= 0) return new Entry(entry.getSize(), entry.getCrc());
            }
            try (InputStream in = connection.getInputStream()) {
                CRC32 crc = new CRC32();
                byte[] buffer = new byte[16 * 1024];
                long size = 0;
                for (int n; (n = in.read(buffer)) > 0; size += n) crc.update(buffer, 0, n);
                return new Entry(size, crc.getValue());
            }
        }

        boolean matches(Path file) throws IOException {
            return Files.isRegularFile(file) && Files.size(file) == size && checksum(file) == crc;
        }
    }
}
