package io.jobwarden.store;

class SqliteHistoryPruningTest extends HistoryPruningContract {
    private final StoreTarget target = StoreTarget.sqlite();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
