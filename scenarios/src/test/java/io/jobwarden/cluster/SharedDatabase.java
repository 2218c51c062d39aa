package io.jobwarden.cluster;

import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A server database the cluster tests share with everything else on this machine. Each test gets tables of its own
 * under a fresh prefix. An unreachable database fails the test: a cluster suite that skips proves nothing.
 * The addresses can be overridden with {@code -Djobwarden.test.postgres.url} (and {@code .user}, {@code .password}),
 * likewise for {@code mariadb}.
 */
public record SharedDatabase(String name, String url, String user, String password) {
    private static final List<String> TABLES = List.of(
            "runs", "fires", "jobs", "nodes", "change_mark", "control_used", "config_revisions", "schema_history");

    public static SharedDatabase postgres() {
        return fromProperties("postgres", "jdbc:postgresql://127.0.0.1:5432/test", "postgres");
    }

    public static SharedDatabase mariadb() {
        return fromProperties("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root");
    }

    /**
     * PostgreSQL and MariaDB, for {@code @MethodSource("io.jobwarden.cluster.SharedDatabase#both")};
     * {@code -Djobwarden.cluster.db=postgres} (or {@code mariadb}) keeps one of them.
     */
    static List<SharedDatabase> both() {
        String only = System.getProperty("jobwarden.cluster.db", "");
        return List.of(postgres(), mariadb()).stream()
                .filter(db -> only.isEmpty() || db.name.equals(only))
                .toList();
    }

    private static SharedDatabase fromProperties(String name, String url, String user) {
        String key = "jobwarden.test." + name + ".";
        return new SharedDatabase(
                name,
                System.getProperty(key + "url", url),
                System.getProperty(key + "user", user),
                System.getProperty(key + "password", ""));
    }

    public static String freshPrefix() {
        return "jwc"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT) + "_";
    }

    public JdbcJobStore open(String prefix) {
        return JobStores.open(url, user, password, StoreOptions.defaults().withTablePrefix(prefix));
    }

    public void dropTables(String prefix) {
        List<String> drops = TABLES.stream()
                .map(table -> "DROP TABLE IF EXISTS " + prefix + table)
                .toList();
        execute("drop the test tables " + prefix + "*", drops);
    }

    /** Runs statements outside the store, each committed on its own. */
    private void execute(String what, List<String> statements) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : statements) s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + what + " in " + name, e);
        }
    }

    /** The arguments a node process needs to open the same store. */
    public List<String> nodeArgs(String prefix) {
        return List.of("url=" + url, "user=" + user, "password=" + password, "prefix=" + prefix);
    }

    @Override
    public String toString() {
        return name;
    }
}
