package io.jobwarden.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A store in tables of the suite's own prefix, on the database a subclass names: opened once per class, emptied
 * before each test, its tables dropped afterwards, so suites on one database never see each other's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PrefixedStoreFixture {
    protected final String prefix = StoreTarget.uniquePrefix();
    protected JdbcJobStore store;

    protected abstract StoreTarget target();

    /** The tables emptied before each test. */
    protected List<String> tables() {
        return List.of("runs", "fires", "jobs", "nodes");
    }

    @BeforeAll
    void openStore() {
        store = target().open(StoreOptions.defaults().withTablePrefix(prefix).withMaxPoolSize(4));
    }

    @AfterAll
    void dropStore() {
        if (store != null) store.close();
        target().dropTables(prefix);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection c = target().connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String table : tables()) s.executeUpdate("DELETE FROM " + prefix + table);
        }
    }
}
