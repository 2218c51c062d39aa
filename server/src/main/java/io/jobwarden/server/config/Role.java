package io.jobwarden.server.config;

import java.util.Locale;

/** What an API token may do; each role includes the ones before it: viewer &lt; operator &lt; admin. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** True when this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** The name users write in {@code jobwarden.yml}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
