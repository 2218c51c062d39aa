package io.jobwarden.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;

/**
 * The SQL that differs between database families. Everything else the store says is plain SQL that SQLite 3.35+,
 * PostgreSQL 12+ and MariaDB 10.6+ all understand (multi-row {@code INSERT ... RETURNING} included).
 */
public sealed interface Dialect permits SqliteDialect, PostgresDialect, MariaDbDialect {

    /** {@code sqlite}, {@code postgresql} or {@code mariadb}; also the folder of its migrations. */
    String name();

    /**
     * Appended to a SELECT to lock the rows it returns, passing over rows other transactions hold instead of
     * waiting for them; empty where one writer has the whole database.
     */
    String lockSkipLocked();

    /** Appended to a SELECT to lock the rows it returns, waiting for them; empty where one writer has the whole database. */
    String lockForUpdate();

    /** An INSERT that leaves an existing row with the same key alone instead of failing. */
    String insertIgnore(String table, String columns, String valuesOrSelect);

    /** The lease clock, in epoch milliseconds: the database's own where several processes share it. */
    long nowMillis(Connection connection, Clock processClock) throws SQLException;

    /** A failure that leaves nothing behind and is worth trying again (deadlock, serialization, busy file). */
    boolean isTransient(SQLException e);

    /**
     * Called on a connection before each transaction begins, with whether its commit must reach the disk before it
     * returns ({@code false} only for {@link Transactions#runReplayable replayable} work). Nothing where every commit
     * is synced by the server anyway.
     */
    default void beforeTransaction(Connection connection, boolean syncCommit) throws SQLException {}

    /**
     * Called in a transaction just before queries that an index always serves best (the due jobs walked in order up
     * to a limit, jobs looked up by their keys), so that the database takes the index even while its statistics
     * are stale, as they are after a bulk add until the table is analysed. Nothing where the planner needs no
     * telling.
     */
    default void preferIndexes(Connection connection) throws SQLException {}

    /** Settings of a pool this store opens itself. */
    void configurePool(HikariConfig config, StoreOptions options);

    /** The URL the store connects with: {@code jdbcUrl}, or a copy with settings the store cannot work under changed. */
    default String connectionUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    /** Set on every borrowed connection when the pool is someone else's; null when the default is right. */
    default Integer requiredIsolation() {
        return null;
    }

    static Dialect forUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:sqlite:")) return new SqliteDialect();
        if (url.startsWith("jdbc:postgresql:")) return new PostgresDialect();
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) return new MariaDbDialect();
        throw new IllegalArgumentException(
                "store url '" + JdbcUrls.redact(jdbcUrl)
                        + "' names no supported database; use jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB or jdbc:mariadb://HOST/DB");
    }

    /** From {@link java.sql.DatabaseMetaData#getDatabaseProductName()}. */
    static Dialect forProductName(String product) {
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("sqlite")) return new SqliteDialect();
        if (p.contains("postgres")) return new PostgresDialect();
        if (p.contains("mariadb") || p.contains("mysql")) return new MariaDbDialect();
        throw new IllegalArgumentException("the store supports SQLite, PostgreSQL and MariaDB, not " + product);
    }
}
