package io.jobwarden.server.http.health;

import io.jobwarden.engine.spi.JobStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code store}: a real query against the database and how long it took. */
public final class StoreHealth implements HealthContributor {
    private final JobStore store;

    public StoreHealth(JobStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public Health check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", store.describe());
        try {
            details.put("latencyMs", store.ping().toMillis());
            return Health.up(details);
        } catch (RuntimeException e) {
            details.put("error", HealthChecks.describe(e));
            return Health.down(details);
        }
    }
}
