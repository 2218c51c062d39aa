package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

class PostgresJobStoreTest extends JobStoreContract {
    private final StoreTarget target = StoreTarget.postgres();

    @Override
    protected StoreTarget target() {
        return target;
    }

    @Test
    void transactionsRunReadCommittedOnAPoolWhoseDefaultIsRepeatableRead() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.url());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setMaximumPoolSize(1);
        config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Transactions tx = new Transactions(pool, new PostgresDialect(), false);
            int isolation = tx.run("read the isolation level", c -> {
                try (var rs = c.createStatement().executeQuery("SHOW transaction_isolation")) {
                    rs.next();
                    return "read committed".equals(rs.getString(1))
                            ? Connection.TRANSACTION_READ_COMMITTED
                            : c.getTransactionIsolation();
                }
            });
            assertThat(isolation).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        }
    }
}
