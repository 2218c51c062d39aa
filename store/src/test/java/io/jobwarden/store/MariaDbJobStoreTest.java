package io.jobwarden.store;

class MariaDbJobStoreTest extends JobStoreContract {
    private final StoreTarget target = StoreTarget.mariadb();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
