package io.jobwarden.store;

class MariaDbClusterTest extends ClusterContract {
    private final StoreTarget target = StoreTarget.mariadb();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
