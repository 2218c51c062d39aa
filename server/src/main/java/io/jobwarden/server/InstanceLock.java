package io.jobwarden.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * An OS file lock in the instance's data directory that says "this instance identity is alive in this process".
 *
 * <p>Liveness is the operating system's word, never a lease's: the lock is released the moment its process dies, a
 * {@code kill -9} included, so a restart one second later starts normally, while a second process of the same
 * identity is refused however stale the first one's lease looks. The file also holds the holder's pid and start
 * time, only so that the refusal can name the other process.
 *
 * <p>Two files: {@link #INSTANCE} is held by the process an operator started (the supervisor, or the worker run with
 * {@code --no-supervisor}), so a second start fails at once; {@link #WORKER} by every worker, so a supervisor that
 * restarts its worker, or is itself restarted while an orphaned worker is still exiting, never has two workers
 * recovering and reaping as the same node.
 */
public final class InstanceLock implements AutoCloseable {
    public static final String INSTANCE = "instance.lock";
    public static final String WORKER = "worker.lock";
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock now or fails.
     *
     * @param role what the holder is, written into the file for the next one's error message
     * @throws HeldElsewhere when another live process holds it
     */
    public static InstanceLock acquire(Path dataDir, String fileName, String role) {
        Path file = dataDir.resolve(fileName);
        FileChannel channel = null;
        try {
            boolean posix =
                    dataDir.getFileSystem().supportedFileAttributeViews().contains("posix");
            // The data directory also holds the SQLite store, which is readable by its owner only; created here first,
            // it must be created the same way.
            if (posix && !Files.isDirectory(dataDir)) {
                Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } else {
                Files.createDirectories(dataDir);
            }
            channel = posix
                    ? FileChannel.open(
                            file,
                            Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(OWNER_FILE))
                    : FileChannel.open(
                            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very JVM holds it already: as much a second holder as another process
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new HeldElsewhere(file, holder);
            }
            ProcessHandle self = ProcessHandle.current();
            String text = "pid " + self.pid() + "\nstarted "
                    + self.info().startInstant().map(Instant::toString).orElse("unknown") + "\nrole " + role + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new InstanceLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot take the instance lock " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the lock, waiting up to {@code patience} for a holder that is on its way out (a worker killed a moment
     * ago, or one orphaned by a killed supervisor, which halts by itself).
     */
    public static InstanceLock acquire(Path dataDir, String fileName, String role, Duration patience, Clock clock)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(patience);
        while (true) {
            try {
                return acquire(dataDir, fileName, role);
            } catch (HeldElsewhere e) {
                if (!clock.instant().isBefore(deadline)) throw e;
            }
            // A file lock cannot be waited on with a time limit; poll it.
            Thread.sleep(100);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below releases it as well
        }
        closeQuietly(channel);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(512);
            int n = channel.read(buf, 0);
            if (n <= 0) return "another process";
            String[] lines = new String(buf.array(), 0, n, StandardCharsets.UTF_8).split("\n");
            String pid = "?", started = "?", role = "jobwarden";
            for (String line : lines) {
                if (line.startsWith("pid ")) pid = line.substring(4).trim();
                else if (line.startsWith("started "))
                    started = line.substring(8).trim();
                else if (line.startsWith("role ")) role = line.substring(5).trim();
            }
            return "process " + pid + " (" + role + ", started " + started + ")";
        } catch (IOException e) {
            return "another process";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more can be done about a channel that does not close
        }
    }

    /** Another live process holds the lock: this identity is already running. */
    public static final class HeldElsewhere extends RuntimeException {
        private final String holder;

        HeldElsewhere(Path file, String holder) {
            super("this instance is already running as " + holder + ": it holds " + file
                    + ". Stop it first, or give this one another --name (or --data directory)");
            this.holder = holder;
        }

        public String holder() {
            return holder;
        }
    }
}
