package io.jobwarden.store;

class MariaDbNextFireTest extends NextFireContract {
    private final StoreTarget target = StoreTarget.mariadb();

    @Override
    protected StoreTarget target() {
        return target;
    }
}
