package io.jobwarden.store;

class SqliteJobStoreTest extends JobStoreContract {
    private final StoreTarget target = StoreTarget.sqlite();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
