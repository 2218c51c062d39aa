package io.jobwarden.faults;

import io.jobwarden.cluster.SharedDatabase;

/** A private database server the nodes' store lives on, so that the test can restart it under them. */
abstract class PrivateDatabase extends PrivateServer {
    PrivateDatabase(String name) {
        super(name);
    }

    /** A server of the kind {@code -Dfaults.db} names: {@code postgres} or {@code mariadb}. */
    static PrivateDatabase start(String kind) {
        return switch (kind) {
            case "postgres" -> new PrivatePostgres();
            case "mariadb" -> new PrivateMariadb();
            default -> throw new IllegalArgumentException("faults.db: unknown database '" + kind + "'");
        };
    }

    /** The address the nodes and the checks open, labelled "(private)" in the result lines. */
    abstract SharedDatabase database();

    @Override
    public abstract void close();
}
