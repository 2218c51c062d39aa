package io.jobwarden.store;

class SqliteNextFireTest extends NextFireContract {
    private final StoreTarget target = StoreTarget.sqlite();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
