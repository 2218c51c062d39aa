package io.jobwarden.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link SqliteNativeLibraryTest} in a JVM of its own: copies the driver's library into {@code args[0]}, opens
 * a store on {@code args[1]}, and prints the copy and every SQLite library this process has mapped.
 */
public final class NativeLibraryChild {
    private NativeLibraryChild() {}

    public static void main(String[] args) throws Exception {
        Path copy = SqliteNativeLibrary.useCopyIn(Path.of(args[0])).orElseThrow();
        System.out.println("COPY " + copy);
        try (JdbcJobStore store = JobStores.open("jdbc:sqlite:" + args[1], null, null)) {
            System.out.println("OPENED " + store.describe());
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.contains("sqlite")) System.out.println("MAPPED " + line.substring(slash));
            }
        }
    }
}
