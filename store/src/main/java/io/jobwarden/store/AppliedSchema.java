package io.jobwarden.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether a store's schema is already at the newest migration, asked with one query before Flyway is loaded. On
 * most starts it is, and then Flyway, which loads about a thousand classes and scans the whole class path for its
 * scripts, has nothing to do. Any doubt (no history table, a failed last migration, an older or newer version, a
 * query that fails for any reason) answers no, and Flyway runs as before. What a skipped Flyway does not do is
 * compare the applied scripts' checksums with the files: a script edited after it ran goes unnoticed until the next
 * migration, which is a developer's mistake, not an operator's.
 */
final class AppliedSchema {
    /**
     * The version of the newest script under {@code db/migration/<dialect>/}, the same for every dialect. A new
     * migration must raise it; {@code AppliedSchemaTest} fails until it does.
     */
    static final String NEWEST = "7";

    private AppliedSchema() {}

    /** Opens a connection of its own for the one query, as the migration does. */
    static boolean isCurrent(String jdbcUrl, String user, String password, String tablePrefix) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            return isCurrent(c, tablePrefix);
        } catch (SQLException e) {
            return false;
        }
    }

    static boolean isCurrent(Connection c, String tablePrefix) {
        // The prefix was checked to be letters, digits and '_' (StoreOptions), so it can stand in the statement.
        String sql = "SELECT version, success FROM " + tablePrefix + "schema_history ORDER BY installed_rank DESC";
        try (Statement s = c.createStatement()) {
            s.setMaxRows(1);
            try (ResultSet rs = s.executeQuery(sql)) {
                return rs.next() && NEWEST.equals(rs.getString(1)) && rs.getBoolean(2);
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
