package io.jobwarden.store;

class PostgresHistoryPruningTest extends HistoryPruningContract {
    private final StoreTarget target = StoreTarget.postgres();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
