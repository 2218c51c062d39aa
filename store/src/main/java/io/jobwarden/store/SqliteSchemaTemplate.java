package io.jobwarden.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The schema of a new SQLite store, made when this module is built, by the very Flyway migrations a store would run
 * ({@link #main}), and copied into a new database file instead of running them. On a new instance Flyway was a fifth
 * of the start: about 400 classes loaded and six scripts run, 0.2 s on a two-core machine (bench/FOOTPRINT.md); the
 * copy takes a few milliseconds.
 *
 * <p>The copy is a head start, not a second way to make the schema: the store then checks its schema as at every
 * start ({@link AppliedSchema}), and Flyway runs whatever a template older than the scripts would lack. The
 * template's tables carry the default table prefix, so another prefix always goes through Flyway. A build without
 * the template (classes run from an IDE) just runs Flyway.
 */
final class SqliteSchemaTemplate {
    static final String RESOURCE = "db/template/sqlite-" + StoreOptions.DEFAULT_PREFIX + ".db";

    private SqliteSchemaTemplate() {}

    /** Whether a new database file of a store opened with these options may start as the template. */
    static boolean appliesTo(StoreOptions options) {
        return options.migrate() && StoreOptions.DEFAULT_PREFIX.equals(options.tablePrefix());
    }

    /** The template's bytes, or null when this build has none. */
    static byte[] bytes() {
        try (InputStream in = SqliteSchemaTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            // A jar that cannot be read here would fail the store's next class load too; Flyway gets its chance.
            return null;
        }
    }

    /**
     * Writes the template to {@code file}, replacing it: the migrations run on a new database file and it is
     * compacted, so that the template holds nothing but the schema and its history.
     */
    static void build(Path file) throws SQLException, IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"})
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        String url = "jdbc:sqlite:" + file;
        JobStores.migrate(url, null, null, new SqliteDialect(), StoreOptions.defaults());
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("VACUUM");
        }
        if (!AppliedSchema.isCurrent(url, null, null, StoreOptions.DEFAULT_PREFIX))
            throw new IllegalStateException(
                    "the template at " + file + " is not at schema version " + AppliedSchema.NEWEST);
    }

    /** Run by the build (store/pom.xml): {@code SqliteSchemaTemplate <file>}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: SqliteSchemaTemplate <file>");
        // Without an SLF4J binding Flyway logs each script through java.util.logging: noise in the build's output.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        build(Path.of(args[0]));
    }
}
