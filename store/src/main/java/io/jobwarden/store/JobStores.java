package io.jobwarden.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobwarden.engine.spi.StoreException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Opens job stores: from a JDBC URL with a connection pool of the store's own, or over a DataSource the embedding
 * application already has. Either way the schema is brought up to date with Flyway first (unless
 * {@link StoreOptions#migrate()} is off), under the options' table prefix; a store opened from a URL whose schema is
 * already current skips Flyway ({@link AppliedSchema}).
 */
public final class JobStores {
    /** Connections a server database's pool keeps open however idle; SQLite's one connection is its own setting. */
    static final int IDLE_CONNECTIONS = 2;

    private JobStores() {}

    /**
     * Opens a store on {@code jdbcUrl} ({@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://...} or
     * {@code jdbc:mariadb://...}), creating a SQLite file's directory when missing; a SQLite file and its -wal
     * and -shm files are made readable by their owner only (see {@link SqliteFiles}).
     *
     * @param user     null to take it from the URL
     * @param password null to take it from the URL
     * @throws StoreException when the database cannot be reached or migrated
     * @throws IllegalArgumentException when the URL names no supported database
     */
    public static JdbcJobStore open(String givenUrl, String user, String password, StoreOptions options) {
        Dialect dialect = Dialect.forUrl(givenUrl);
        String jdbcUrl = dialect.connectionUrl(givenUrl);
        SqliteFiles sqliteFiles = dialect instanceof SqliteDialect ? SqliteFiles.of(jdbcUrl) : null;
        // A new file of the default tables starts as the schema's template (SqliteSchemaTemplate), made by the
        // same migrations when this module was built; the check below then finds it current.
        if (sqliteFiles != null) sqliteFiles.prepare(SqliteSchemaTemplate.appliesTo(options));
        // Flyway is not even loaded when one query shows the schema is current, as it is on most starts.
        if (!(options.migrate() && AppliedSchema.isCurrent(jdbcUrl, user, password, options.tablePrefix()))) {
            migrate(jdbcUrl, user, password, dialect, options);
        }
        if (sqliteFiles != null) sqliteFiles.restrict();
        HikariConfig config = new HikariConfig();
        config.setPoolName("jobwarden-store");
        config.setJdbcUrl(jdbcUrl);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(options.maxPoolSize());
        // A node borrows few connections at once (its scheduler loop, its recorder, an API request); more open when a
        // burst of demand needs them and close after ten idle minutes. Opening the whole pool at start put that many
        // connection set-ups, each tens of milliseconds of cold driver code, on the cores the node's start needed.
        config.setMinimumIdle(Math.min(IDLE_CONNECTIONS, options.maxPoolSize()));
        config.setConnectionTimeout(options.poolTimeout().toMillis());
        dialect.configurePool(config, options);
        HikariDataSource pool = pool(config, jdbcUrl);
        if (sqliteFiles == null) return new JdbcJobStore(pool, null, dialect, jdbcUrl, options);
        // A database file gets readers beside its one writer (an in-memory one cannot: it lives in one connection).
        HikariConfig readers = new HikariConfig();
        readers.setPoolName("jobwarden-store-reader");
        readers.setJdbcUrl(jdbcUrl);
        readers.setConnectionTimeout(options.poolTimeout().toMillis());
        ((SqliteDialect) dialect).configureReaderPool(readers, options);
        HikariDataSource readerPool;
        try {
            readerPool = pool(readers, jdbcUrl);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new JdbcJobStore(pool, readerPool, dialect, jdbcUrl, options);
    }

    private static HikariDataSource pool(HikariConfig config, String jdbcUrl) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("store cannot connect to " + JdbcUrls.redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
    }

    public static JdbcJobStore open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, StoreOptions.defaults());
    }

    /**
     * A store over the caller's DataSource, its dialect read from the database's metadata. Migrating needs two
     * connections at once from it. The store leaves the
     * DataSource open on {@link JdbcJobStore#close()}; it switches autocommit off for its own transactions (and
     * back on), and on MariaDB asks for READ COMMITTED.
     */
    public static JdbcJobStore forDataSource(DataSource dataSource, StoreOptions options) {
        Dialect dialect;
        String url;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            dialect = Dialect.forProductName(meta.getDatabaseProductName());
            url = meta.getURL();
        } catch (SQLException e) {
            throw new StoreException("store cannot connect through the given DataSource: " + e.getMessage(), e);
        }
        migrate(Flyway.configure(JobStores.class.getClassLoader()).dataSource(dataSource), dialect, options);
        return new JdbcJobStore(dataSource, dialect, url, options);
    }

    public static JdbcJobStore forDataSource(DataSource dataSource) {
        return forDataSource(dataSource, StoreOptions.defaults());
    }

    /** Flyway holds two connections at once; it gets its own, so that a pool of one (SQLite's) cannot starve it. */
    static void migrate(String jdbcUrl, String user, String password, Dialect dialect, StoreOptions options) {
        migrate(
                Flyway.configure(JobStores.class.getClassLoader()).dataSource(jdbcUrl, user, password),
                dialect,
                options);
    }

    private static void migrate(FluentConfiguration flyway, Dialect dialect, StoreOptions options) {
        if (!options.migrate()) return;
        try {
            flyway.locations("classpath:db/migration/" + dialect.name())
                    .table(options.tablePrefix() + "schema_history")
                    .placeholders(Map.of("prefix", options.tablePrefix()))
                    // The database may hold the embedder's tables (or another prefix's): start our history at 0
                    // rather than refuse a non-empty schema, so that V1 still runs.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("store schema migration failed: " + JdbcUrls.redact(e.getMessage()), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
