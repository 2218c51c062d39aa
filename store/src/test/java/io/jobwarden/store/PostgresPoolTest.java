package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A store's pool on a server database opens connections as they are needed, up to the pool's size, and keeps only
 * {@link JobStores#IDLE_CONNECTIONS} of them when idle: a node's start does not open its whole pool, and a cluster of
 * idle nodes does not hold ten server processes each.
 */
class PostgresPoolTest {
    private final StoreTarget postgres = StoreTarget.postgres();

    @Test
    void aNewStoreOpensTwoConnectionsAndMoreOnlyWhenMoreAreBorrowedAtOnce() throws Exception {
        String application = "jwpool-" + UUID.randomUUID().toString().substring(0, 8);
        StoreTarget target = new StoreTarget(
                postgres.name(),
                postgres.url() + "?ApplicationName=" + application,
                postgres.user(),
                postgres.password());
        String prefix = StoreTarget.uniquePrefix();
        try (JdbcJobStore store = target.open(StoreOptions.defaults().withTablePrefix(prefix))) {
            await().atMost(Duration.ofSeconds(10))
                    .during(Duration.ofSeconds(1))
                    .until(() -> connections(application) == JobStores.IDLE_CONNECTIONS);

            List<Connection> borrowed = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) borrowed.add(store.dataSource().getConnection());
                assertThat(connections(application)).isEqualTo(4);
            } finally {
                for (Connection c : borrowed) c.close();
            }
        } finally {
            postgres.dropTables(prefix);
        }
        assertThat(connections(application)).isZero();
    }

    private int connections(String application) throws SQLException {
        try (Connection c = postgres.connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, application);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
