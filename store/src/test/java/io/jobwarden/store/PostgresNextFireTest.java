package io.jobwarden.store;

class PostgresNextFireTest extends NextFireContract {
    private final StoreTarget target = StoreTarget.postgres();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
