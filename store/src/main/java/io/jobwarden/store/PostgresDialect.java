package io.jobwarden.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;

/** PostgreSQL: row locks with SKIP LOCKED for claiming, and the server's clock for leases. */
final class PostgresDialect implements Dialect {
    /** serialization_failure, deadlock_detected, lock_not_available. */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "55P03");

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String lockSkipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String lockForUpdate() {
        return " FOR UPDATE";
    }

    @Override
    public String insertIgnore(String table, String columns, String valuesOrSelect) {
        return "INSERT INTO " + table + " (" + columns + ") " + valuesOrSelect + " ON CONFLICT DO NOTHING";
    }

    /** clock_timestamp(), not now(): now() is frozen at the start of the transaction. */
    @Override
    public long nowMillis(Connection connection, Clock processClock) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Right after thousands of jobs are added, before the table is analysed (by autovacuum, when it runs), PostgreSQL
     * guesses that a few hundred rows are due and plans the planning query as a scan of the whole table with a sort
     * of every due row and its definition, spilled to disk: 63 ms for 20,000 jobs instead of 0.5 ms for the index
     * walk, once per planning batch and per node. A claim's lookup of 256 jobs by id became a scan of the table
     * too (33 - 58 ms). Table and bitmap scans off, for this transaction only.
     */
    @Override
    public void preferIndexes(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    @Override
    public boolean isTransient(SQLException e) {
        return e.getSQLState() != null && TRANSIENT.contains(e.getSQLState());
    }

    @Override
    public void configurePool(HikariConfig config, StoreOptions options) {
        // Lets the driver send a batch of single-row INSERTs as multi-row ones.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        JdbcTimeouts timeouts = JdbcTimeouts.forLease(options.lease());
        timeouts.configurePool(config);
        timeouts.configurePostgres(config, config.getJdbcUrl());
    }

    /**
     * READ COMMITTED whatever the server's default: under REPEATABLE READ a claim would judge overlap against the
     * runs of its transaction's snapshot and miss a run another node started meanwhile.
     */
    @Override
    public Integer requiredIsolation() {
        return Connection.TRANSACTION_READ_COMMITTED;
    }
}
