package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.spi.FirePlan;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.PlannedFire;
import java.util.List;
import org.junit.jupiter.api.Test;

class MariaDbJobStoreTest extends JobStoreContract {
    private final StoreTarget target = StoreTarget.mariadb();

    @Override
    protected StoreTarget target() {
        return target;
    }

    @Test
    void bulkStatementsInTheUrlAreTurnedOffSoThatJobsStillGetPlanned() {
        String url = target.url() + (target.url().contains("?") ? "&" : "?") + "useBulkStmts=true";
        StoreTarget bulk = new StoreTarget("mariadb", url, target.user(), target.password());
        try (JdbcJobStore other = bulk.open(StoreOptions.defaults().withTablePrefix(prefix))) {
            other.createJob(job("a"), JobOrigin.API, T0);
            other.createJob(job("b"), JobOrigin.API, T0);
            int planned = other.planDue(T0, 10, (job, now) -> new FirePlan(List.of(new PlannedFire(T0, null)), null));
            assertThat(planned).isEqualTo(2);
            assertThat(other.pendingFires(T0)).isEqualTo(2);
        }
    }
}
