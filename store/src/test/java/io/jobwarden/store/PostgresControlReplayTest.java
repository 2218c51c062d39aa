package io.jobwarden.store;

class PostgresControlReplayTest extends ControlReplayContract {
    private final StoreTarget target = StoreTarget.postgres();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
