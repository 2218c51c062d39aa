package io.jobwarden.store;

class PostgresClusterTest extends ClusterContract {
    private final StoreTarget target = StoreTarget.postgres();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
