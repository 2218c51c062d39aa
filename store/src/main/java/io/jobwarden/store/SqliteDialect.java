package io.jobwarden.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * SQLite: one process per file and one writer, so a plain transaction is already exclusive and the process clock
 * is the only clock there is.
 */
final class SqliteDialect implements Dialect {
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
     * WAL lets readers of other processes (a CLI, a backup) read while the store writes. synchronous=FULL makes WAL
     * sync at every commit, so a recorded start or end survives power loss, not only a killed process (NORMAL would
     * be enough for kill -9, but could lose the last commits on power loss, and a lost start record means a fire
     * that ran may run again). The sync is paid once per transaction, and the hot paths write hundreds of runs in
     * one. IMMEDIATE transactions take the write lock up front, so they wait out busy_timeout instead of failing
     * when they would upgrade from reading to writing.
     */
    @Override
    public void configurePool(HikariConfig config, StoreOptions options) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(
                (int) Math.min(Integer.MAX_VALUE, options.poolTimeout().toMillis()));
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
}
