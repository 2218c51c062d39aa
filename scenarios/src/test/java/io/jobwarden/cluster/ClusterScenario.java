package io.jobwarden.cluster;

import org.junit.jupiter.api.AfterEach;

/** A test that runs node processes: whatever happens in the test, every one of them is gone after it. */
abstract class ClusterScenario {
    static final String BOTH_DATABASES = "io.jobwarden.cluster.SharedDatabase#both";

    Cluster cluster;

    @AfterEach
    final void killNodesAndDropTables() {
        if (cluster != null) cluster.close();
    }
}
