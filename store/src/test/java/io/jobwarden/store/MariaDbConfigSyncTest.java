package io.jobwarden.store;

class MariaDbConfigSyncTest extends ConfigSyncContract {
    private final StoreTarget target = StoreTarget.mariadb();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
