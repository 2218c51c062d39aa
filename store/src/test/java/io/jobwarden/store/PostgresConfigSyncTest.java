package io.jobwarden.store;

class PostgresConfigSyncTest extends ConfigSyncContract {
    private final StoreTarget target = StoreTarget.postgres();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
