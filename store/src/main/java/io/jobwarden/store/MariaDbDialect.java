package io.jobwarden.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB 10.6+: row locks with SKIP LOCKED, READ COMMITTED so that a statement sees what other nodes committed
 * before it (REPEATABLE READ would show a claim the snapshot of its first read), and the server's UTC clock.
 */
final class MariaDbDialect implements Dialect {
    private static final Logger log = LoggerFactory.getLogger(MariaDbDialect.class);
    private static final Pattern BULK_STATEMENTS = Pattern.compile("(?i)([?&;]useBulkStmts=)true");
    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    @Override
    public String name() {
        return "mariadb";
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
        return "INSERT IGNORE INTO " + table + " (" + columns + ") " + valuesOrSelect;
    }

    /** UTC_TIMESTAMP does not depend on the session's time zone, and counting from the epoch avoids DST folds. */
    @Override
    public long nowMillis(Connection connection, Clock processClock) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public boolean isTransient(SQLException e) {
        return e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT || "40001".equals(e.getSQLState());
    }

    /**
     * With bulk statements the driver answers a batch of updates with "success, count unknown" for every row, and
     * planning and recovery act on those counts (a job whose next fire was not moved is not planned): the setting
     * would stop every job from firing. It is turned off, and the log says so.
     */
    @Override
    public String connectionUrl(String jdbcUrl) {
        if (!BULK_STATEMENTS.matcher(jdbcUrl).find()) return jdbcUrl;
        log.warn("the store url sets useBulkStmts=true; the store relies on per-row update counts, so it connects"
                + " with useBulkStmts=false");
        return BULK_STATEMENTS.matcher(jdbcUrl).replaceAll("$1false");
    }

    @Override
    public void configurePool(HikariConfig config, StoreOptions options) {
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        JdbcTimeouts timeouts = JdbcTimeouts.forLease(options.lease());
        timeouts.configurePool(config);
        timeouts.configureMariaDb(config, config.getJdbcUrl());
    }

    @Override
    public Integer requiredIsolation() {
        return Connection.TRANSACTION_READ_COMMITTED;
    }
}
