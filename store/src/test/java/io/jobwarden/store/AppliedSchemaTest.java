package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedSchemaTest {
    private static final String PREFIX = StoreOptions.DEFAULT_PREFIX;

    @TempDir
    Path dir;

    @Test
    void newestIsTheHighestMigrationOfEveryDialect() throws IOException, URISyntaxException {
        Path migrations = Path.of(AppliedSchemaTest.class
                .getClassLoader()
                .getResource("db/migration")
                .toURI());
        for (String dialect : List.of("sqlite", "postgresql", "mariadb")) {
            try (Stream<Path> files = Files.list(migrations.resolve(dialect))) {
                int highest = files.map(f -> f.getFileName().toString())
                        .filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                        .max()
                        .orElseThrow();
                assertThat(Integer.toString(highest)).as(dialect).isEqualTo(AppliedSchema.NEWEST);
            }
        }
    }

    @Test
    void aNewFileIsNotCurrentAMigratedOneIsAndAFailedOrOlderLastMigrationIsNot() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("jw.db");
        assertThat(AppliedSchema.isCurrent(url, null, null, PREFIX)).isFalse();

        try (JdbcJobStore store = JobStores.open(url, null, null)) {
            store.jobs();
        }
        assertThat(AppliedSchema.isCurrent(url, null, null, PREFIX)).isTrue();
        assertThat(AppliedSchema.isCurrent(url, null, null, "other_")).isFalse();

        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + PREFIX + "schema_history SET success = 0 WHERE version = '"
                    + AppliedSchema.NEWEST + "'");
            assertThat(AppliedSchema.isCurrent(c, PREFIX)).isFalse();
            s.executeUpdate("DELETE FROM " + PREFIX + "schema_history WHERE version = '" + AppliedSchema.NEWEST + "'");
            assertThat(AppliedSchema.isCurrent(c, PREFIX)).isFalse();
        }
    }

    @Test
    void aStoreOpensAgainOnACurrentSchemaWithoutLoadingFlyway() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("jw.db");
        try (JdbcJobStore store = JobStores.open(url, null, null)) {
            store.jobs();
        }
        // Flyway, had it run, would refuse to go on: its validation compares every applied script's checksum.
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + PREFIX + "schema_history SET checksum = 12345 WHERE version = '1'");
        }
        try (JdbcJobStore again = JobStores.open(url, null, null)) {
            assertThat(again.jobs()).isEmpty();
        }
    }
}
