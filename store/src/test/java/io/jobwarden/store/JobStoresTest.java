package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.engine.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class JobStoresTest {

    @Test
    void anUnsupportedUrlIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> JobStores.open("jdbc:h2:mem:x;PASSWORD=hunter2", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:FILE")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anUnreachableDatabaseFailsWithoutShowingThePassword() {
        assertThatThrownBy(() -> JobStores.open(
                        "jdbc:postgresql://127.0.0.1:1/test?password=hunter2",
                        "postgres",
                        null,
                        StoreOptions.defaults().withPoolTimeout(java.time.Duration.ofSeconds(1))))
                .isInstanceOf(StoreException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void passwordsAreRedactedFromUrls() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/jw?user=jw&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/jw?user=jw&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:mariadb://jw:s3cret@db:3306/jw"))
                .isEqualTo("jdbc:mariadb://jw:***@db:3306/jw");
        assertThat(JdbcUrls.redact("jdbc:sqlite:data/jobwarden.db")).isEqualTo("jdbc:sqlite:data/jobwarden.db");
    }

    @Test
    void optionsRefuseABadPrefixNamingTheSetting() {
        assertThatThrownBy(() -> StoreOptions.defaults().withTablePrefix("jw; drop table x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table prefix");
        assertThatThrownBy(() -> StoreOptions.defaults().withMaxPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pool size");
    }

    @Test
    void aSqliteStoreCreatesItsDirectory(@TempDir Path dir) {
        Path file = dir.resolve("data/nested/jobwarden.db");
        try (JdbcJobStore store = JobStores.open("jdbc:sqlite:" + file, null, null)) {
            assertThat(store.jobs()).isEmpty();
            assertThat(store.describe()).isEqualTo("sqlite jdbc:sqlite:" + file);
        }
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aSqliteStoreIsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectory(
                shared, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path file = shared.resolve("data/jobwarden.db");
        try (JdbcJobStore store = JobStores.open("jdbc:sqlite:" + file, null, null)) {
            store.jobs();
            assertThat(mode(file)).isEqualTo("rw-------");
            Path wal = file.resolveSibling("jobwarden.db-wal");
            Path shm = file.resolveSibling("jobwarden.db-shm");
            assertThat(wal).exists();
            assertThat(mode(wal)).isEqualTo("rw-------");
            assertThat(mode(shm)).isEqualTo("rw-------");
        }
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(mode(shared))
                .as("a directory that already existed is left alone")
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void anExistingReadableSqliteFileIsMadeOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jobwarden.db");
        JobStores.open("jdbc:sqlite:" + file, null, null).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        JobStores.open("jdbc:sqlite:" + file, null, null).close();

        assertThat(mode(file)).isEqualTo("rw-------");
    }

    private static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
