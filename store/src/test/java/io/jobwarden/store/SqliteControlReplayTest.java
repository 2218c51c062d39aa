package io.jobwarden.store;

class SqliteControlReplayTest extends ControlReplayContract {
    private final StoreTarget target = StoreTarget.sqlite();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
