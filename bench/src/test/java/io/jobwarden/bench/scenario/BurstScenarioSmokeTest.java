package io.jobwarden.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.bench.peer.Contestant;
import io.jobwarden.bench.peer.Contestants;
import io.jobwarden.bench.peer.Database;
import io.jobwarden.bench.peer.Kind;
import io.jobwarden.bench.peer.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end with tiny sizes: real node processes, real stores. It must pass a correct scheduler and
 * fail one that runs fires twice; the figures themselves are not looked at.
 */
class BurstScenarioSmokeTest {
    private static final Database POSTGRES = new Database("jdbc:postgresql://127.0.0.1:5432/test", "postgres", null);
    private static final Duration POLL = Duration.ofSeconds(1);

    @TempDir
    Path work;

    private BurstScenario scenario() {
        return new BurstScenario(work, Duration.ofMinutes(2));
    }

    @Test
    void jobwardenOnSqliteRunsEveryJobOnceAndRecordsIt() {
        Contestant jobwarden =
                Contestants.of(new Target(Kind.JOBWARDEN, Database.sqlite(work.resolve("jw.db")), "jw_", 4, POLL));

        BurstScenario.Outcome o = scenario().run(jobwarden, 40, 1, "jw");

        assertThat(o.problems()).isEmpty();
        assertThat(o.check().executions()).isEqualTo(40);
        assertThat(o.perSecond()).isPositive();
        assertThat(o.firstPickupMillis()).as("measured, not judged").isNotNaN();
        assertThat(o.databaseCpuPerThousand())
                .as("SQLite has no server to measure")
                .isNaN();

        // The store's own record is checked too: a run missing from the history is reported.
        Database.sqlite(work.resolve("jw.db"))
                .execute("DELETE FROM jw_runs WHERE run_id = (SELECT MIN(run_id) FROM jw_runs)");
        assertThat(jobwarden.historyProblem(40))
                .hasValueSatisfying(p -> assertThat(p).contains("39 SUCCEEDED runs"));
    }

    @Test
    void twoJobwardenNodesOnPostgresShareTheJobsWithoutDuplicates() {
        String prefix = "bsm" + UUID.randomUUID().toString().substring(0, 6) + "_";
        Contestant jobwarden = Contestants.of(new Target(Kind.JOBWARDEN, POSTGRES, prefix, 4, POLL));
        try {
            BurstScenario.Outcome o = scenario().run(jobwarden, 60, 2, "pg");

            assertThat(o.problems()).isEmpty();
            assertThat(o.check().ran()).isEqualTo(60);
            assertThat(o.databaseCpuPerThousand())
                    .as("the node backends are found by their application name")
                    .isNotNaN();
        } finally {
            POSTGRES.dropTables(prefix);
        }
    }

    @Test
    void duplicatesPlantedByNodesThatShareNothingAreCaught() {
        // RAMJobStore keeps jobs in the process: two nodes each hold every job, so every fire runs twice.
        Contestant twoRamNodes = Contestants.of(new Target(Kind.QUARTZ_RAM, null, "ram_", 4, POLL));

        BurstScenario.Outcome o = scenario().run(twoRamNodes, 30, 2, "ram");

        assertThat(o.passed()).isFalse();
        assertThat(o.check().duplicates()).isPositive();
        assertThat(o.problems()).anySatisfy(p -> assertThat(p).contains("duplicate runs"));
    }
}
