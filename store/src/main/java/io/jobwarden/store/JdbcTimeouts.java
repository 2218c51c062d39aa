package io.jobwarden.store;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * Bounds on every JDBC call, derived from the lease: a node must renew its lease, or fence itself, within it, and a
 * call blocked on a dead connection (a partition drops packets without refusing them) would otherwise wait for the
 * operating system's TCP timeout, many minutes. Settings the URL names itself are left as the URL says.
 *
 * @param statement how long the database lets one statement run (PostgreSQL {@code statement_timeout})
 * @param socket    how long the driver waits for any answer before dropping the connection
 * @param connect   how long opening a connection may take, and how long a caller waits for one from the pool
 */
record JdbcTimeouts(Duration statement, Duration socket, Duration connect) {
    private static final Duration FLOOR = Duration.ofSeconds(1);

    /** A third of the lease for a statement or a connection, half for the socket; at least 1 s, 2 s for the socket. */
    static JdbcTimeouts forLease(Duration lease) {
        return new JdbcTimeouts(
                atLeast(lease.dividedBy(3), FLOOR),
                atLeast(lease.dividedBy(2), FLOOR.multipliedBy(2)),
                atLeast(lease.dividedBy(3), FLOOR));
    }

    /** Pool waits: a caller never waits longer for a connection than opening one may take. */
    void configurePool(HikariConfig config) {
        if (config.getConnectionTimeout() > connect.toMillis()) config.setConnectionTimeout(connect.toMillis());
        long validation = Math.max(250, Math.min(5_000, connect.toMillis() - 1));
        config.setValidationTimeout(Math.min(validation, config.getConnectionTimeout()));
    }

    /** pgjdbc counts its timeouts in whole seconds. */
    void configurePostgres(HikariConfig config, String url) {
        if (!names(url, "socketTimeout")) config.addDataSourceProperty("socketTimeout", seconds(socket));
        if (!names(url, "connectTimeout")) config.addDataSourceProperty("connectTimeout", seconds(connect));
        if (!names(url, "options"))
            config.addDataSourceProperty("options", "-c statement_timeout=" + statement.toMillis());
    }

    /** MariaDB Connector/J counts in milliseconds; a lock wait is bounded by the socket timeout. */
    void configureMariaDb(HikariConfig config, String url) {
        if (!names(url, "socketTimeout")) config.addDataSourceProperty("socketTimeout", socket.toMillis());
        if (!names(url, "connectTimeout")) config.addDataSourceProperty("connectTimeout", connect.toMillis());
    }

    static boolean names(String url, String parameter) {
        String u = url.toLowerCase(Locale.ROOT);
        String p = parameter.toLowerCase(Locale.ROOT) + "=";
        return u.contains("?" + p) || u.contains("&" + p) || u.contains(";" + p);
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static Duration atLeast(Duration d, Duration floor) {
        return d.compareTo(floor) < 0 ? floor : d;
    }
}
