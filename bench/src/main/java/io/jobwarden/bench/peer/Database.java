package io.jobwarden.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The database a contestant keeps its state in, reached by plain JDBC for the harness's own work: resetting tables
 * between repetitions and asking how much work is left. Contestants open their own pools for scheduling.
 */
public record Database(String url, String user, String password) {

    public static Database sqlite(Path file) {
        return new Database("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    public boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    /** A SQLite file in /dev/shm: the same store, minus the cost of syncing to disk, which tmpfs makes free. */
    public boolean inMemoryFileSystem() {
        return isSqlite() && sqliteFile().toAbsolutePath().startsWith("/dev/shm");
    }

    public Path sqliteFile() {
        return Path.of(url.substring("jdbc:sqlite:".length()));
    }

    /**
     * The same database as node processes reach it: on PostgreSQL under the application name the harness measures the
     * backends' CPU by ({@link io.jobwarden.bench.scenario.DatabaseCpu}).
     */
    public Database forNodes() {
        if (!url.startsWith("jdbc:postgresql:") || url.contains("ApplicationName=")) return this;
        String app = "ApplicationName=" + io.jobwarden.bench.scenario.DatabaseCpu.APPLICATION;
        return new Database(url + (url.contains("?") ? "&" : "?") + app, user, password);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The first column of the first row of a query, or -1 when the query fails (e.g. its table is not there yet). */
    public long count(String sql) {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    public void execute(String... statements) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + statements[0] + "' on " + url + ": " + e.getMessage(), e);
        }
    }

    /** Runs a script of ';'-separated statements ({@code --} comments and blank statements ignored). */
    public void runScript(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.startsWith("#")) continue;
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                sql = sql.substring(0, sql.length() - 1).strip();
                if (!sql.isEmpty() && !sql.equalsIgnoreCase("commit")) statements.add(sql);
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) statements.add(current.toString().strip());
        execute(statements.toArray(String[]::new));
    }

    /** Drops every table whose name starts with {@code prefix}: a clean slate for the next repetition. */
    public void dropTables(String prefix) {
        if (isSqlite()) {
            deleteSqliteFiles();
            return;
        }
        try (Connection c = connect()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData()
                    .getTables(null, null, prefix.toLowerCase(Locale.ROOT) + "%", new String[] {"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            }
            try (Statement s = c.createStatement()) {
                for (String t : tables) s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot drop the tables " + prefix + "* on " + url + ": " + e.getMessage(), e);
        }
    }

    private void deleteSqliteFiles() {
        Path file = sqliteFile();
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"})
                Files.deleteIfExists(Path.of(file + suffix));
            if (file.getParent() != null) Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
