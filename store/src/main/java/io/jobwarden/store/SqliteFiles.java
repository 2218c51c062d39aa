package io.jobwarden.store;

import io.jobwarden.engine.spi.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The files of a SQLite store: the database and its {@code -wal} and {@code -shm} companions. They hold every job
 * definition and every run's output, so on POSIX systems they are readable by the service's user only (0600), and a
 * directory the store creates for them is 0700. A directory that already exists is left as it is: it is the user's,
 * and may be shared on purpose (a {@code --data} directory, a home directory).
 */
final class SqliteFiles {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path database;

    private SqliteFiles(Path database) {
        this.database = database;
    }

    /** Null for a database that is no file ({@code :memory:}, {@code :resource:}). */
    static SqliteFiles of(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        if (path.startsWith("file:")) path = path.substring("file:".length());
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        if (path.isEmpty() || path.startsWith(":")) return null;
        return new SqliteFiles(Path.of(path).toAbsolutePath());
    }

    /**
     * Before SQLite opens the database: creates its directory (SQLite will not) and, when the database file does not
     * exist yet, the file, both owner-only. SQLite gives the -wal and -shm files the database file's permissions, so
     * they follow. With {@code fromTemplate}, a new file starts as {@link SqliteSchemaTemplate}'s copy; else empty.
     */
    void prepare(boolean fromTemplate) {
        boolean posix = isPosix();
        Path parent = database.getParent();
        try {
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix) Files.createDirectories(parent, attribute(OWNER_DIRECTORY));
                else Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException(
                    "store cannot create the directory " + parent + " for " + database + ": " + e.getMessage(), e);
        }
        if (Files.exists(database)) return;
        if (fromTemplate && createFromTemplate(posix)) return;
        if (!posix) return;
        try {
            Files.createFile(database, attribute(OWNER_FILE));
        } catch (FileAlreadyExistsException e) {
            // Another process created it meanwhile; restrict() below still tightens it.
        } catch (IOException e) {
            throw new StoreException("store cannot create " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the template beside the database, synced, and links it in under the database's name: a link is made
     * whole or not at all, and not over an existing file, so another process opening the same new store meanwhile
     * never sees half a template, nor has its own database replaced. Returns false, leaving no file behind, when
     * there is no template or the file system cannot link; another process's file that appeared meanwhile counts as
     * done.
     */
    private boolean createFromTemplate(boolean posix) {
        byte[] template = SqliteSchemaTemplate.bytes();
        if (template == null) return false;
        Path written = null;
        try {
            String prefix = database.getFileName() + ".";
            written = posix
                    ? Files.createTempFile(database.getParent(), prefix, ".new", attribute(OWNER_FILE))
                    : Files.createTempFile(database.getParent(), prefix, ".new");
            try (FileChannel out = FileChannel.open(written, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(template);
                while (bytes.hasRemaining()) out.write(bytes);
                // A power cut after the link must not leave a database file whose pages never reached the disk.
                out.force(true);
            }
            Files.createLink(database, written);
            return true;
        } catch (FileAlreadyExistsException e) {
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        } finally {
            if (written != null) {
                try {
                    Files.deleteIfExists(written);
                } catch (IOException e) {
                    // A leftover *.new file holds only the empty schema.
                }
            }
        }
    }

    /**
     * Makes the database and its companions owner-only: also those a version of Jobwarden that did not restrict
     * them created, or a user copied in.
     */
    void restrict() {
        if (!isPosix()) return;
        for (Path file : List.of(database, sibling("-wal"), sibling("-shm"))) {
            try {
                if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(OWNER_FILE))
                    Files.setPosixFilePermissions(file, OWNER_FILE);
            } catch (IOException | UnsupportedOperationException e) {
                throw new StoreException(
                        "store cannot make " + file + " readable by its owner only: " + e.getMessage(), e);
            }
        }
    }

    private Path sibling(String suffix) {
        return database.resolveSibling(database.getFileName() + suffix);
    }

    private boolean isPosix() {
        return database.getFileSystem().supportedFileAttributeViews().contains("posix")
                && Files.getFileAttributeView(database.getRoot(), PosixFileAttributeView.class) != null;
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
