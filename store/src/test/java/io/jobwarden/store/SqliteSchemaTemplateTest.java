package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.spi.JobOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchemaTemplateTest {
    private static final String PREFIX = StoreOptions.DEFAULT_PREFIX;

    @TempDir
    Path dir;

    @Test
    void theBuildMadeATemplateAtTheNewestSchema() throws Exception {
        byte[] template = SqliteSchemaTemplate.bytes();
        assertThat(template)
                .as("the build's template, " + SqliteSchemaTemplate.RESOURCE)
                .isNotNull();
        Path copy = dir.resolve("copy.db");
        Files.write(copy, template);
        assertThat(AppliedSchema.isCurrent("jdbc:sqlite:" + copy, null, null, PREFIX))
                .isTrue();
    }

    @Test
    void aNewStoreStartsAsTheTemplateAndHoldsWhatFlywayWouldHaveMade() throws Exception {
        Path byFlyway = dir.resolve("flyway.db");
        JobStores.migrate("jdbc:sqlite:" + byFlyway, null, null, new SqliteDialect(), StoreOptions.defaults());
        Path byTemplate = dir.resolve("new/jobwarden.db");
        try (JdbcJobStore store = JobStores.open("jdbc:sqlite:" + byTemplate, null, null)) {
            store.createJob(JobStoreContract.job("a"), JobOrigin.API, null);
            assertThat(store.jobs()).hasSize(1);
        }
        assertThat(schema(byTemplate)).isEqualTo(schema(byFlyway)).isNotEmpty();
        assertThat(history(byTemplate)).isEqualTo(history(byFlyway)).hasSize(Integer.parseInt(AppliedSchema.NEWEST));
        // The history's times are the build's: the file is the template's copy, not a second run of the scripts.
        Path template = dir.resolve("template.db");
        Files.write(template, SqliteSchemaTemplate.bytes());
        assertThat(installedOn(byTemplate)).isEqualTo(installedOn(template)).isNotEqualTo(installedOn(byFlyway));
        try (Stream<Path> left = Files.list(byTemplate.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".new"));
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theCopyIsReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("jobwarden.db");
        try (JdbcJobStore store = JobStores.open("jdbc:sqlite:" + file, null, null)) {
            store.jobs();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void anExistingFileIsNeverReplacedEvenAnEmptyOne() throws Exception {
        Path file = dir.resolve("jobwarden.db");
        try (JdbcJobStore store = JobStores.open("jdbc:sqlite:" + file, null, null)) {
            store.createJob(JobStoreContract.job("kept"), JobOrigin.API, null);
        }
        try (JdbcJobStore again = JobStores.open("jdbc:sqlite:" + file, null, null)) {
            assertThat(again.jobs()).extracting(j -> j.spec().id()).containsExactly("kept");
        }

        // An empty file (a start that stopped right after creating it) is Flyway's to migrate, as before.
        Path empty = dir.resolve("empty.db");
        Files.createFile(empty);
        try (JdbcJobStore store = JobStores.open("jdbc:sqlite:" + empty, null, null)) {
            assertThat(store.jobs()).isEmpty();
        }
        Path template = dir.resolve("template.db");
        Files.write(template, SqliteSchemaTemplate.bytes());
        assertThat(installedOn(empty)).isNotEqualTo(installedOn(template));
    }

    @Test
    void anotherTablePrefixGoesThroughFlyway() throws Exception {
        Path file = dir.resolve("prefixed.db");
        try (JdbcJobStore store = JobStores.open(
                "jdbc:sqlite:" + file, null, null, StoreOptions.defaults().withTablePrefix("other_"))) {
            assertThat(store.jobs()).isEmpty();
        }
        assertThat(schema(file))
                .filteredOn(line -> !line.contains("sqlite_sequence"))
                .isNotEmpty()
                .allMatch(line -> line.contains("other_"))
                .noneMatch(line -> line.contains(PREFIX));
    }

    @Test
    void flywayRunsWhatAnOlderTemplateLacks() throws Exception {
        // A template one migration behind the scripts, as one built before the newest script (V7, the index of config
        // jobs) was added.
        Path file = dir.resolve("older.db");
        Files.write(file, SqliteSchemaTemplate.bytes());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.executeUpdate("DROP INDEX " + PREFIX + "jobs_config");
            s.executeUpdate("DELETE FROM " + PREFIX + "schema_history WHERE version = '" + AppliedSchema.NEWEST + "'");
        }
        try (JdbcJobStore store = JobStores.open("jdbc:sqlite:" + file, null, null)) {
            assertThat(store.jobs()).isEmpty();
        }
        assertThat(AppliedSchema.isCurrent("jdbc:sqlite:" + file, null, null, PREFIX))
                .isTrue();
        assertThat(schema(file)).anyMatch(line -> line.contains(PREFIX + "jobs_config"));
    }

    /** Every table, index and trigger, with the statement that made it. */
    private static List<String> schema(Path file) throws SQLException {
        return lines(file, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
    }

    /** What Flyway compares: the scripts applied, their checksums and outcome. */
    private static List<String> history(Path file) throws SQLException {
        return lines(
                file,
                "SELECT installed_rank, version, description, type, script, checksum, success FROM " + PREFIX
                        + "schema_history ORDER BY installed_rank");
    }

    private static List<String> installedOn(Path file) throws SQLException {
        return lines(file, "SELECT installed_on FROM " + PREFIX + "schema_history ORDER BY installed_rank");
    }

    private static List<String> lines(Path file, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) line.append(rs.getString(i)).append(" | ");
                out.add(line.toString());
            }
        }
        return out;
    }
}
