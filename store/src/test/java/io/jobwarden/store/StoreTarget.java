package io.jobwarden.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database the contract suite runs against. PostgreSQL and MariaDB are the CI's services at their usual local
 * addresses (overridable with -Djobwarden.test.postgres.url / .mariadb.url); when one is unreachable the tests
 * fail rather than skip, because a suite that silently skips proves nothing.
 */
public record StoreTarget(String name, String url, String user, String password) {
    /** An index named in a plan: SQLite's ("USING [COVERING] INDEX name") or PostgreSQL's scan nodes. */
    private static final Pattern INDEX_IN_PLAN =
            Pattern.compile("(?:INDEX|Index Only Scan using|Index Scan using|Bitmap Index Scan on) (\\w+)");

    private static final List<String> TABLES = List.of(
            "runs", "fires", "jobs", "nodes", "change_mark", "control_used", "config_revisions", "schema_history");

    public static StoreTarget postgres() {
        return new StoreTarget(
                "postgresql",
                System.getProperty("jobwarden.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                System.getProperty("jobwarden.test.postgres.user", "postgres"),
                System.getProperty("jobwarden.test.postgres.password", ""));
    }

    public static StoreTarget mariadb() {
        return new StoreTarget(
                "mariadb",
                System.getProperty("jobwarden.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test"),
                System.getProperty("jobwarden.test.mariadb.user", "root"),
                System.getProperty("jobwarden.test.mariadb.password", ""));
    }

    /** A fresh file in a fresh temporary directory. */
    public static StoreTarget sqlite() {
        try {
            Path dir = Files.createTempDirectory("jobwarden-store-test");
            dir.toFile().deleteOnExit();
            return new StoreTarget("sqlite", "jdbc:sqlite:" + dir.resolve("jobwarden.db"), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table prefix no other test run uses, so runs sharing one database never meet. */
    public static String uniquePrefix() {
        return "jwt"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT) + "_";
    }

    public JdbcJobStore open(StoreOptions options) {
        return JobStores.open(url, user, password, options);
    }

    /** A plain connection for a test's own SQL; PostgreSQL's sends a batch of inserts as one statement. */
    public Connection connect() throws SQLException {
        if (user == null) return DriverManager.getConnection(url);
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        if (name.equals("postgresql")) props.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(url, props);
    }

    /**
     * The index the database's plan for {@code sql} reads, or empty when the plan reads the table itself. PostgreSQL is
     * told to avoid a table scan wherever an index can do, so that the answer does not depend on how few rows a
     * test's table holds.
     */
    public Optional<String> indexRead(String sql) throws SQLException {
        String explain = switch (name) {
            case "sqlite" -> "EXPLAIN QUERY PLAN " + sql;
            default -> "EXPLAIN " + sql;
        };
        StringBuilder plan = new StringBuilder();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            if (name.equals("postgresql")) s.execute("SET enable_seqscan = off");
            try (ResultSet rs = s.executeQuery(explain)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    // MariaDB names the index in a column of its own, null when none is read.
                    if (name.equals("mariadb")) {
                        String key = rs.getString("key");
                        if (key != null) return Optional.of(key);
                        continue;
                    }
                    for (int i = 1; i <= columns; i++)
                        plan.append(rs.getString(i)).append('\n');
                }
            }
        }
        Matcher index = INDEX_IN_PLAN.matcher(plan);
        return index.find() ? Optional.of(index.group(1)) : Optional.empty();
    }

    /** Drops the prefix's tables; for SQLite, removes the whole temporary directory. */
    public void dropTables(String prefix) {
        if (name.equals("sqlite")) {
            deleteSqliteDirectory();
            return;
        }
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String table : TABLES) s.execute("DROP TABLE IF EXISTS " + prefix + table);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test tables " + prefix + "*", e);
        }
    }

    private void deleteSqliteDirectory() {
        Path dir = Path.of(url.substring("jdbc:sqlite:".length())).getParent();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
