package io.jobwarden.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * SQLite: one process per file and one writer, so a plain transaction is already exclusive and the process clock
 * is the only clock there is.
 */
final class SqliteDialect implements Dialect {
    /** Reader connections of a database file: the engine's loop and the API's requests. */
    private static final int READERS = 2;

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String lockSkipLocked() {
        return "";
    }

    @Override
    public String lockForUpdate() {
        return "";
    }

    @Override
    public String insertIgnore(String table, String columns, String valuesOrSelect) {
        return "INSERT OR IGNORE INTO " + table + " (" + columns + ") " + valuesOrSelect;
    }

    @Override
    public long nowMillis(Connection connection, Clock processClock) {
        return processClock.millis();
    }

    @Override
    public boolean isTransient(SQLException e) {
        int code = e.getErrorCode();
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    /**
     * Commits are synced with {@code synchronous=FULL} unless the work is replayable ({@link Transactions#runReplayable}:
     * planning, lease renewals), whose commits skip the sync ({@code NORMAL}). In WAL mode a NORMAL commit still
     * survives a killed process (it is in the WAL file, which the operating system keeps); only a power cut or an
     * operating system crash can lose it, and then only together with everything committed after it up to the next
     * synced commit, because syncing the WAL syncs every frame before it. So a start record (the claim) or an
     * outcome, which are always synced, is never lost, and neither is the planning it rests on; what a power cut can
     * lose is planning and lease renewals not yet followed by a synced commit, which the engine does again after the
     * restart, from the same stored next fire, to the same fire. Set per transaction: a pragma, no I/O.
     */
    @Override
    public void beforeTransaction(Connection connection, boolean syncCommit) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(syncCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        }
    }

    /**
     * The writer: WAL lets readers (the store's own reader connections, a CLI, a backup) read while it writes, and
     * synchronous=FULL makes WAL sync at every commit, so a recorded start or end survives power loss, not only a
     * killed process (NORMAL would be enough for kill -9, but could lose the last commits on power loss, and a lost
     * start record means a fire that ran may run again): see {@link #beforeTransaction} for the commits that may skip
     * it. The sync is paid once per transaction, and the hot paths write hundreds of runs in one. IMMEDIATE
     * transactions take the write lock up front, so they wait out busy_timeout instead of failing when they would
     * upgrade from reading to writing. One connection: SQLite has one writer per file anyway, and claims and outcomes
     * queue in the pool rather than in SQLite's busy handler, which sleeps.
     */
    @Override
    public void configurePool(HikariConfig config, StoreOptions options) {
        SQLiteConfig sqlite = settings(options);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setDataSourceProperties(sqlite.toProperties());
        // sqlite-jdbc begins the next transaction as soon as one commits when autocommit is off; see Transactions.
        config.setAutoCommit(true);
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        // An in-memory database lives only as long as its one connection.
        config.setMaxLifetime(0);
        config.setIdleTimeout(0);
    }

    /**
     * The readers of a database file: reads (the next due instant, the API's lists) run beside the writer instead of
     * queuing behind claims and outcomes for its one connection. WAL gives each read transaction the last committed
     * state; DEFERRED transactions take no write lock.
     */
    void configureReaderPool(HikariConfig config, StoreOptions options) {
        SQLiteConfig sqlite = settings(options);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        config.setDataSourceProperties(sqlite.toProperties());
        config.setAutoCommit(true);
        config.setMaximumPoolSize(READERS);
        config.setMinimumIdle(1);
    }

    private static SQLiteConfig settings(StoreOptions options) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(
                (int) Math.min(Integer.MAX_VALUE, options.poolTimeout().toMillis()));
        return sqlite;
    }
}
