package io.jobwarden.server.config;

import java.util.Locale;

/** What guards a fire against being run by two nodes: the store's own claim, or a Redis lock on top of it. */
public enum ClusterLock {
    STORE,
    REDIS;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
