package io.jobwarden.store;

class SqliteConfigSyncTest extends ConfigSyncContract {
    private final StoreTarget target = StoreTarget.sqlite();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
