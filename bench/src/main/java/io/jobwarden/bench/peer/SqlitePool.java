package io.jobwarden.bench.peer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;

/**
 * Connection pools for peers, set up as Jobwarden's store sets up its own: on SQLite one connection in WAL mode with
 * a disk sync at every commit, so that every contestant on SQLite pays the same price for durability.
 */
final class SqlitePool {
    private SqlitePool() {}

    static HikariDataSource open(Database db, int maxConnections, String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(db.url());
        if (db.user() != null) config.setUsername(db.user());
        if (db.password() != null) config.setPassword(db.password());
        if (db.isSqlite()) {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            sqlite.setBusyTimeout(30_000);
            config.setDataSourceProperties(sqlite.toProperties());
            config.setMaximumPoolSize(1);
        } else {
            config.setMaximumPoolSize(maxConnections);
        }
        return new HikariDataSource(config);
    }
}
