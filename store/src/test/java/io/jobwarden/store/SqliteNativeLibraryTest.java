package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {
    @TempDir
    Path dir;

    private String path;
    private String name;

    @BeforeEach
    void keepProperties() {
        path = System.getProperty(SqliteNativeLibrary.PATH_PROPERTY);
        name = System.getProperty(SqliteNativeLibrary.NAME_PROPERTY);
    }

    @AfterEach
    void restoreProperties() {
        restore(SqliteNativeLibrary.PATH_PROPERTY, path);
        restore(SqliteNativeLibrary.NAME_PROPERTY, name);
    }

    @Test
    void theDriversLibraryIsCopiedOnceAndTheDriverPointedAtTheCopy() throws Exception {
        Path natives = dir.resolve("native");

        Path copy = SqliteNativeLibrary.useCopyIn(natives).orElseThrow();

        assertThat(copy.getParent()).isEqualTo(natives);
        assertThat(copy.getFileName().toString()).matches("sqlite-jdbc-[0-9a-f]{8}-[0-9a-f]{8}\\.(so|dylib|dll)");
        assertThat(Files.readAllBytes(copy)).isEqualTo(driverLibrary());
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(natives.toString());
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY))
                .isEqualTo(copy.getFileName().toString());
        if (natives.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(natives)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                    .isEqualTo("rw-------");
        }

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, old);
        assertThat(SqliteNativeLibrary.useCopyIn(natives)).contains(copy);
        assertThat(Files.getLastModifiedTime(copy))
                .as("an intact copy is not written again")
                .isEqualTo(old);
        try (var files = Files.list(natives)) {
            assertThat(files).containsExactly(copy);
        }
    }

    @Test
    void aDamagedCopyIsWrittenAgainAndOtherBuildsCopiesAreRemoved() throws Exception {
        Path natives = dir.resolve("native");
        Path copy = SqliteNativeLibrary.useCopyIn(natives).orElseThrow();
        Files.write(copy, "not a library".getBytes(StandardCharsets.UTF_8));
        Path otherBuild = Files.writeString(natives.resolve("sqlite-jdbc-00000000-00000000.so"), "older");

        assertThat(SqliteNativeLibrary.useCopyIn(natives)).contains(copy);

        assertThat(Files.readAllBytes(copy)).isEqualTo(driverLibrary());
        assertThat(otherBuild).doesNotExist();
        try (var files = Files.list(natives)) {
            assertThat(files).as("no partial file is left behind").containsExactly(copy);
        }
    }

    @Test
    void aLibraryPathSetByWhoeverStartedTheJvmIsLeftAlone() {
        System.setProperty(
                SqliteNativeLibrary.PATH_PROPERTY, dir.resolve("theirs").toString());
        System.setProperty(SqliteNativeLibrary.NAME_PROPERTY, "libtheirs.so");

        assertThat(SqliteNativeLibrary.useCopyIn(dir.resolve("native"))).isEmpty();

        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY))
                .isEqualTo(dir.resolve("theirs").toString());
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isEqualTo("libtheirs.so");
        assertThat(dir.resolve("native")).doesNotExist();
    }

    /** In a JVM of its own, whose driver has not loaded a library yet: the library mapped is the copy. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aStoreOpenedAfterwardsRunsOnTheCopy() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        classpath,
                        NativeLibraryChild.class.getName(),
                        dir.resolve("native").toString(),
                        dir.resolve("store.db").toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(said).isZero();

        Path copy;
        try (var files = Files.list(dir.resolve("native"))) {
            copy = files.findFirst().orElseThrow();
        }
        assertThat(said).contains("COPY " + copy, "OPENED sqlite");
        assertThat(said.lines().filter(line -> line.startsWith("MAPPED ")))
                .as("the only SQLite library mapped is the copy, none extracted to the temporary directory")
                .isNotEmpty()
                .allMatch(line -> line.equals("MAPPED " + copy));
    }

    private static byte[] driverLibrary() throws Exception {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }
}
