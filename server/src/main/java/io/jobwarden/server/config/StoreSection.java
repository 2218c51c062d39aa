package io.jobwarden.server.config;

import java.util.Optional;

/**
 * The database every fire and run is recorded in. {@code url} is a JDBC URL; a relative SQLite file in it has
 * already been made absolute against the base directory.
 */
public record StoreSection(String url, Optional<String> user, Optional<Secret> password, int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 10;

    /** True for the embedded SQLite database, which only one node can use. */
    public boolean embedded() {
        return url.startsWith("jdbc:sqlite:");
    }

    /** The database family: {@code sqlite}, {@code postgresql} or {@code mariadb}. */
    public String dialect() {
        int end = url.indexOf(':', "jdbc:".length());
        return end < 0 ? url : url.substring("jdbc:".length(), end);
    }

    @Override
    public String toString() {
        // JDBC URLs may carry a password as a parameter or as user info.
        return "StoreSection[url=" + Redaction.redact(url) + ", user=" + user + ", password=" + password + ", poolSize="
                + poolSize + "]";
    }
}
