package io.jobwarden.server.http.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;
import java.util.Optional;

/** What a token may do; each role includes the ones below it: viewer < operator < admin. */
public enum Role implements RouteRole {
    VIEWER,
    OPERATOR,
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The name as written in config: {@code viewer}, {@code operator}, {@code admin}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromConfigName(String name) {
        for (Role r : values()) {
            if (r.configName().equals(name)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
