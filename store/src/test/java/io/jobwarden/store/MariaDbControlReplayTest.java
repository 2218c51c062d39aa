package io.jobwarden.store;

class MariaDbControlReplayTest extends ControlReplayContract {
    private final StoreTarget target = StoreTarget.mariadb();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
