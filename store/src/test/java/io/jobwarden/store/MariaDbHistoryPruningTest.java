package io.jobwarden.store;

class MariaDbHistoryPruningTest extends HistoryPruningContract {
    private final StoreTarget target = StoreTarget.mariadb();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
