package io.jobwarden.store;

import io.jobwarden.engine.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Runs each store operation as one transaction: all of it commits or none of it does. A transaction the database
 * threw out for a deadlock or a busy file is tried again from the start (it left nothing behind); any other
 * database failure becomes a {@link StoreException}. Failures of the engine's own callbacks pass through unchanged
 * after the rollback.
 */
final class Transactions {
    private static final int ATTEMPTS = 6;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final boolean ownPool;

    /** @param ownPool whether the pool was configured by this store (isolation set) */
    Transactions(DataSource dataSource, Dialect dialect, boolean ownPool) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.ownPool = ownPool;
    }

    <T> T run(String what, Work<T> work) {
        return run(what, work, true);
    }

    /**
     * A transaction whose loss in a power cut (or an operating system crash) is harmless, because the engine simply
     * does the same work again after the restart: planning (a due job is planned again from the same next fire, and
     * the fire row's key makes it one fire) and lease renewals. Where the dialect allows (SQLite), its commit skips
     * the disk sync; it survives a killed process all the same. Nothing that follows it can be durable without it:
     * the next synced commit on the same file syncs everything written before it, so a fire that was claimed (a
     * synced commit) was always planned durably too.
     */
    <T> T runReplayable(String what, Work<T> work) {
        return run(what, work, false);
    }

    private <T> T run(String what, Work<T> work, boolean syncCommit) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return once(work, syncCommit);
            } catch (SQLException e) {
                last = e;
                if (!dialect.isTransient(e)) break;
                pause(attempt);
            }
        }
        throw new StoreException("store could not " + what + ": " + describe(last), last);
    }

    private <T> T once(Work<T> work, boolean syncCommit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // Only on connections of the store's own pool: an embedder's settings are the embedder's.
            if (ownPool) dialect.beforeTransaction(c, syncCommit);
            boolean restoreAutoCommit = prepare(c);
            try {
                T result = work.run(c);
                // Switching autocommit back on commits (JDBC says so); a plain commit() would make sqlite-jdbc
                // begin, and lock for, a transaction nobody asked for.
                if (restoreAutoCommit) c.setAutoCommit(true);
                else c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                if (restoreAutoCommit) autoCommitQuietly(c, e);
                throw e;
            }
        }
    }

    /**
     * Switches autocommit off for this transaction when the pool hands connections out with it on: a foreign
     * pool, or the SQLite pool, whose driver would otherwise open the next transaction (and take the file's write
     * lock) the moment the previous one commits, shutting out every other reader and writer of the file.
     *
     * @return whether autocommit must be switched back on afterwards
     */
    private boolean prepare(Connection c) throws SQLException {
        Integer isolation = dialect.requiredIsolation();
        if (!ownPool && isolation != null && c.getTransactionIsolation() != isolation)
            c.setTransactionIsolation(isolation);
        if (!c.getAutoCommit()) return false;
        c.setAutoCommit(false);
        return true;
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void autoCommitQuietly(Connection c, Throwable cause) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void pause(int attempt) {
        long ms = (5L << attempt) + ThreadLocalRandom.current().nextLong(10);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(SQLException e) {
        if (e == null) return "unknown failure";
        String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
        return e.getMessage() + state;
    }
}
