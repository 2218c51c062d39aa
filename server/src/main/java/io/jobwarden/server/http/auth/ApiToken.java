package io.jobwarden.server.http.auth;

import java.util.Objects;

/**
 * One bearer token from {@code security.tokens}. The token itself never leaves this record: {@link #toString}
 * names only the holder and role, so a token cannot reach a log by accident.
 */
public record ApiToken(String name, String token, Role role) {
    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (token == null || token.isEmpty()) throw new IllegalArgumentException("token '" + name + "' is empty");
    }

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", role=" + role.configName() + "]";
    }
}
