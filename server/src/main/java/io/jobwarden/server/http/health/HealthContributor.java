package io.jobwarden.server.http.health;

import java.util.function.Supplier;

/**
 * One component of {@code /health}. The server contributes {@code store}, {@code scheduler} and {@code diskSpace};
 * the integrator adds others (e.g. {@code redis} when the cluster locks through Redis).
 */
public interface HealthContributor {
    /** The key under {@code components}. */
    String name();

    /**
     * The component's state now. May block on I/O (it runs with a time limit) and may throw: an exception is
     * reported as DOWN with its message.
     */
    Health check();

    /** A required component that is DOWN makes the whole instance DOWN (503); others only show. */
    default boolean required() {
        return true;
    }

    /** A contributor from a name and a check, e.g. {@code HealthContributor.of("redis", true, redisProbe::check)}. */
    static HealthContributor of(String name, boolean required, Supplier<Health> check) {
        return new HealthContributor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check() {
                return check.get();
            }

            @Override
            public boolean required() {
                return required;
            }
        };
    }
}
