package io.jobwarden.store;

class PostgresJobStoreTest extends JobStoreContract {
    private final StoreTarget target = StoreTarget.postgres();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
